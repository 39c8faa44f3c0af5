namespace ClusterSim.Scenarios;

/// <summary>One group size's timings of an engine's own all-reduce (<see cref="EngineAllReduceMeasurement"/>).</summary>
/// <param name="Gpus">Accelerators of the node the all-reduce ran over.</param>
/// <param name="Bytes">Message sizes, ascending.</param>
/// <param name="Seconds">Time of one all-reduce at each size.</param>
public sealed record EngineAllReduceCurveSpec(int Gpus, IReadOnlyList<double> Bytes, IReadOnlyList<double> Seconds);

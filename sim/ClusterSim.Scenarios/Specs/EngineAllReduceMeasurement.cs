namespace ClusterSim.Scenarios;

/// <summary>
/// The serving engines' own all-reduce for small messages timed on one node of an accelerator (vLLM's custom all-reduce,
/// one kernel that reads every peer's buffer over the scale-up links, rather than NCCL's ring): latency by message size,
/// one curve per group size.
/// </summary>
/// <param name="Source">Where the timings come from (shown in a run's notes).</param>
/// <param name="Curves">One curve per group size.</param>
public sealed record EngineAllReduceMeasurement(string Source, IReadOnlyList<EngineAllReduceCurveSpec> Curves);

namespace ClusterSim.Scenarios;

/// <summary>Replays a trace: arrival times and request sizes come from the file.</summary>
/// <param name="Path">Absolute path (written relative to the scenario file).</param>
/// <param name="Format">File format.</param>
/// <param name="TimeScale">Multiplies gaps between arrivals: 0.5 replays twice as fast.</param>
public sealed record TraceArrival(string Path, TraceFormat Format, double TimeScale) : ArrivalSpec
{
    public override double? MeanRate => null;
}

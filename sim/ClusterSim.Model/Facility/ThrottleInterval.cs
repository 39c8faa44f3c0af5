namespace ClusterSim.Model.Facility;

/// <summary>A stretch during which a node's thermal controller held its clock below full.</summary>
/// <param name="Node">Node index.</param>
/// <param name="NodeName">Node name.</param>
/// <param name="StartNs">When the clock first dropped.</param>
/// <param name="EndNs">When it was back at full clock (the report time for a stretch still open).</param>
/// <param name="LowestClock">Lowest thermal clock factor in the stretch.</param>
/// <param name="PeakTemperatureC">Highest accelerator temperature read in the stretch.</param>
public sealed record ThrottleInterval(int Node, string NodeName, long StartNs, long EndNs, double LowestClock, double PeakTemperatureC)
{
    public double DurationSeconds => (EndNs - StartNs) / 1e9;
}

namespace ClusterSim.Analysis.Sweeps;

/// <summary>A traffic class of a sweep point and its SLO targets in seconds (null where unset), at <paramref name="Percentile"/>.</summary>
internal sealed record ClassInfo(string Name, double? TtftSeconds, double? TpotSeconds, double? E2eSeconds, double Percentile);

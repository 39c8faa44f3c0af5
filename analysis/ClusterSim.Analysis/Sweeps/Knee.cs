namespace ClusterSim.Analysis.Sweeps;

/// <summary>
/// Where a class's p99 crosses its SLO along the load axis, for one combination of the other swept
/// parameters: interpolation (in log latency) between the last load that meets the SLO and the first that
/// misses it. <see cref="Load"/> is null when the curve never crosses (<see cref="Verdict"/> says which way).
/// </summary>
internal sealed record Knee(
    string Metric,
    string Class,
    string LoadParameter,
    IReadOnlyList<(string Path, string Value)> Others,
    double SloSeconds,
    double? Load,
    string Verdict);

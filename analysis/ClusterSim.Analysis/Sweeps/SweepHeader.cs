namespace ClusterSim.Analysis.Sweeps;

/// <summary>
/// What identifies a sweep: shards of one sweep carry equal headers, and merge refuses any that differ.
/// The fingerprint hashes the scenario text, the overrides, the grid, the replication count, the
/// confidence level and the metric list, so shards run from an edited scenario cannot be mixed.
/// </summary>
internal sealed record SweepHeader(
    string Scenario,
    string Fingerprint,
    IReadOnlyList<string> Fixed,
    IReadOnlyList<SweepParameter> Parameters,
    int Replications,
    double Confidence,
    int PointsTotal,
    string CostModel,
    IReadOnlyList<string> Metrics)
{
    public bool SameSweep(SweepHeader other)
        => Scenario == other.Scenario
           && Fingerprint == other.Fingerprint
           && Fixed.SequenceEqual(other.Fixed)
           && Parameters.Count == other.Parameters.Count
           && Parameters.Zip(other.Parameters).All(p => p.First.Path == p.Second.Path && p.First.Values.SequenceEqual(p.Second.Values))
           && Replications == other.Replications
           && Confidence.Equals(other.Confidence)
           && PointsTotal == other.PointsTotal
           && CostModel == other.CostModel
           && Metrics.SequenceEqual(other.Metrics);
}

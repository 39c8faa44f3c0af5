namespace ClusterSim.Analysis.Sweeps;

/// <summary>A sweep checked and ready to run: every point's scenario loaded and compiled once, nothing simulated yet.</summary>
public sealed class SweepPlan
{
    internal SweepPlan(SweepHeader header, IReadOnlyList<PointSetup> points)
    {
        Header = header;
        Points = points;
    }

    internal SweepHeader Header { get; }

    internal IReadOnlyList<PointSetup> Points { get; }

    public string ScenarioName => Header.Scenario;

    public IReadOnlyList<SweepParameter> Parameters => Header.Parameters;

    public int PointCount => Header.PointsTotal;

    public int Replications => Header.Replications;

    /// <summary>Simulation runs the whole sweep, or one shard of it, takes.</summary>
    public int RunCount(ShardSpec? shard = null)
        => (shard is { } s ? Points.Count(p => s.Includes(p.Info.Index)) : Points.Count) * Replications;
}

namespace ClusterSim.Analysis.Explore;

/// <summary>Every point of an explorer grid, run; <see cref="Explorer.Write"/> turns it into explore.html.</summary>
public sealed class ExploreResult
{
    internal ExploreResult(ExplorePlan plan, IReadOnlyList<ExplorePoint> points)
    {
        Plan = plan;
        Points = points;
    }

    public ExplorePlan Plan { get; }

    internal IReadOnlyList<ExplorePoint> Points { get; }

    /// <summary>The page, self-contained (scripts and data inline, no network).</summary>
    public string Html() => ExplorePage.Render(this);
}

namespace ClusterSim.Analysis.Explore;

/// <summary>
/// One point of the grid as the page shows it: its values, its figures (<see cref="Explorer.Figures"/> order; NaN is no
/// data), each video, image or avatar class's figures (<see cref="Explorer.KindFigures"/> order, class after class, as
/// <paramref name="KindClasses"/> lists them) and its first seconds.
/// </summary>
internal sealed record ExplorePoint(IReadOnlyList<string> Values, IReadOnlyList<double> Figures, FrameWindow Frames, IReadOnlyList<string> Replicas)
{
    /// <summary>Whether the run had text classes (the page draws their figures only then).</summary>
    public bool HasText { get; init; } = true;

    public IReadOnlyList<ExploreKindClass> KindClasses { get; init; } = [];

    public IReadOnlyList<double> KindValues { get; init; } = [];
}

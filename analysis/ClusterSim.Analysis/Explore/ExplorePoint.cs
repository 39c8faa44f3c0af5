namespace ClusterSim.Analysis.Explore;

/// <summary>One point of the grid as the page shows it: its values, its figures (<see cref="Explorer.Figures"/> order; NaN is no data) and its first seconds.</summary>
internal sealed record ExplorePoint(IReadOnlyList<string> Values, IReadOnlyList<double> Figures, FrameWindow Frames, IReadOnlyList<string> Replicas);

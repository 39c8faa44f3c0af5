using ClusterSim.Engine.Core;

namespace ClusterSim.Model.Serving.Video;

/// <summary>One class of video traffic: where its requests come from and what it is promised.</summary>
/// <param name="DeadlineSeconds">A video should be complete this long after its request arrived; null for none.</param>
/// <param name="Percentile">Percentile of requests the deadline applies to (95 = 95 % on time).</param>
/// <param name="Priority">Higher goes first under strict priority (and may take a replica between steps).</param>
public sealed record VideoClassSetup(string Name, Func<Simulation, IVideoSource> Source, double? DeadlineSeconds = null,
    double Percentile = 99, int Priority = 0)
{
    /// <summary>Pools that may serve it; null means every video pool.</summary>
    public IReadOnlyList<string>? Pools { get; init; }

    /// <summary>Share of a replica under fair sharing, relative to the other classes.</summary>
    public double Weight { get; init; } = 1;
}

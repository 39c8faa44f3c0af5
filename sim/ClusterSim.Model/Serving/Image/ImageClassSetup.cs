using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving.Kinds;

namespace ClusterSim.Model.Serving.Image;

/// <summary>One class of image traffic: where its requests come from and what it is promised.</summary>
/// <param name="DeadlineSeconds">A request's images should be complete this long after it arrived; null for none.</param>
public sealed record ImageClassSetup(string Name, Func<Simulation, IImageSource> Source, double? DeadlineSeconds = null,
    double Percentile = 99, int Priority = 0) : DeadlineClassSetup(Name, DeadlineSeconds, Percentile, Priority)
{
    /// <summary>Every request's size, steps and guidance (for the compute bound; the source draws from the same).</summary>
    public ImageShape Shape { get; init; }

    /// <summary>Images every request asks for.</summary>
    public int Images { get; init; } = 1;
}

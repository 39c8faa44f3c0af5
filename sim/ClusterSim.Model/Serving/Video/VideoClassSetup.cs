using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving.Kinds;

namespace ClusterSim.Model.Serving.Video;

/// <summary>One class of video traffic: where its requests come from and what it is promised.</summary>
/// <param name="DeadlineSeconds">A video should be complete this long after its request arrived; null for none.</param>
public sealed record VideoClassSetup(string Name, Func<Simulation, IVideoSource> Source, double? DeadlineSeconds = null,
    double Percentile = 99, int Priority = 0) : DeadlineClassSetup(Name, DeadlineSeconds, Percentile, Priority)
{
    /// <summary>Width of every video, in pixels (for the compute bound; the source draws from the same).</summary>
    public int Width { get; init; }

    /// <summary>Height of every video, in pixels.</summary>
    public int Height { get; init; }

    /// <summary>Denoising steps of every video.</summary>
    public int Steps { get; init; }

    /// <summary>Mean length the source draws, in frames.</summary>
    public double MeanFrames { get; init; }
}

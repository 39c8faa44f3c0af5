using System.Globalization;
using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving.Kinds;

namespace ClusterSim.Model.Serving.Video;

/// <summary>Video generation as a workload kind: its classes and pools, served by a <see cref="VideoService"/>.</summary>
public sealed record VideoKindSetup(IReadOnlyList<VideoClassSetup> Classes, IReadOnlyList<VideoPoolSetup> Pools) : IKindSetup, IComputeBoundedKind
{
    public const string KindName = "video";

    public string Kind => KindName;

    public IKindService Create(Simulation simulation, long warmupNs, int firstIndex)
        => new VideoService(simulation, Classes, Pools, warmupNs, firstIndex);

    public KindComputeBound? ComputeBound(string className)
    {
        if (Classes.FirstOrDefault(c => c.Name == className) is not { } c || c.Steps < 1)
        {
            return null;
        }

        // At the mean length, floored: a request's work is convex in its frames (linear layers, attention quadratic in
        // the tokens), so the work at the mean length is no more than the mean work (Jensen).
        var frames = Math.Max(1, (int)Math.Floor(c.MeanFrames));
        try
        {
            return KindComputeBounds.Of(c.Pools, Pools, p => p.Name,
                p => (p.Replicas, p.Cost.Accelerators, p.Cost.PeakFlops, c.Steps * p.Cost.Step(p.Cost.Model.Shape(c.Width, c.Height, frames)).Flops, p.Cost.TimeScale),
                string.Create(CultureInfo.InvariantCulture, $"{c.Steps} denoising steps of a {c.Width}x{c.Height} video of {frames} frames, the mean length"));
        }
        catch (ArgumentException)
        {
            return null;   // a size that does not split into the model's patches: the run refuses it in its own words
        }
    }
}

using System.Globalization;
using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving.Kinds;

namespace ClusterSim.Model.Serving.Image;

/// <summary>Image generation as a workload kind: its classes and pools, served by an <see cref="ImageService"/>.</summary>
public sealed record ImageKindSetup(IReadOnlyList<ImageClassSetup> Classes, IReadOnlyList<ImagePoolSetup> Pools) : IKindSetup, IComputeBoundedKind
{
    public const string KindName = "image";

    public string Kind => KindName;

    public IKindService Create(Simulation simulation, long warmupNs, int firstIndex)
        => new ImageService(simulation, Classes, Pools, warmupNs, firstIndex);

    public KindComputeBound? ComputeBound(string className)
    {
        if (Classes.FirstOrDefault(c => c.Name == className) is not { } c)
        {
            return null;
        }

        var shape = c.Shape;
        return KindComputeBounds.Of(c.Pools, Pools, p => p.Name,
            p => (p.Replicas, 1, p.Cost.PeakFlops, shape.Steps * p.Cost.Step(shape, c.Images).Flops, p.Cost.TimeScale),
            string.Create(CultureInfo.InvariantCulture, $"{shape.Steps} denoising steps of {c.Images} image(s) at {shape.Width}x{shape.Height}{(shape.Passes > 1 ? ", two passes each with guidance" : "")}"));
    }
}

using ClusterSim.Model.Serving.Kinds;

namespace ClusterSim.Model.Serving.Image;

/// <summary>An image request in flight: its shape (which fixes its steps) and how many images it asks for.</summary>
public sealed class ImageRequest(long id, int classIndex, long arrivalNs, ImageShape shape, int images)
    : StepRequest(id, classIndex, arrivalNs, shape.Steps)
{
    public ImageShape Shape { get; } = shape;

    public int Images { get; } = images;

    public override IReadOnlyList<KeyValuePair<string, double>> Size => [new("width", Shape.Width), new("height", Shape.Height), new("images", Images)];
}

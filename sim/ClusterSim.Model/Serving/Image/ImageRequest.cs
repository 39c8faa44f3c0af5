namespace ClusterSim.Model.Serving.Image;

/// <summary>An image request in flight: its shape, progress and the accelerator time it used.</summary>
public sealed class ImageRequest(long id, int classIndex, long arrivalNs, ImageShape shape, int images)
{
    public long Id { get; } = id;

    public int ClassIndex { get; } = classIndex;

    public long ArrivalNs { get; } = arrivalNs;

    public ImageShape Shape { get; } = shape;

    public int Images { get; } = images;

    public int StepsDone { get; internal set; }

    /// <summary>Its prompt went through the text encoders (at its first step).</summary>
    public bool Encoded { get; internal set; }

    /// <summary>When it first ran; -1 while it waits.</summary>
    public long ScheduledNs { get; internal set; } = -1;

    public long CompletedNs { get; internal set; } = -1;

    /// <summary>Its share of the accelerator-seconds of the steps it ran in.</summary>
    public double AcceleratorSeconds { get; internal set; }
}

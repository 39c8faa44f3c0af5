using ClusterSim.Model.Serving.Kinds;

namespace ClusterSim.Model.Serving.Video;

/// <summary>A video request in flight: its shape, step count and frame rate (which fix the seconds of video it makes).</summary>
public sealed class VideoRequest(long id, int classIndex, long arrivalNs, VideoShape shape, int steps, double fps)
    : StepRequest(id, classIndex, arrivalNs, steps)
{
    public VideoShape Shape { get; } = shape;

    public double Fps { get; } = fps;

    /// <summary>Seconds of video it produces.</summary>
    public double VideoSeconds => Shape.Frames / Fps;

    public override IReadOnlyList<KeyValuePair<string, double>> Size =>
        [new("width", Shape.Width), new("height", Shape.Height), new("frames", Shape.Frames), new("video_seconds", VideoSeconds)];
}

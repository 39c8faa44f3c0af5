namespace ClusterSim.Model.Serving.Video;

/// <summary>
/// A video request in flight: text encoding, <see cref="Steps"/> denoising steps, VAE decoding.
/// Times are nanoseconds of simulated time; -1 means "not yet".
/// </summary>
public sealed class VideoRequest
{
    public VideoRequest(long id, int classIndex, long arrivalNs, VideoShape shape, int steps, double fps)
    {
        if (steps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), steps, "at least one denoising step");
        }

        Id = id;
        ClassIndex = classIndex;
        ArrivalNs = arrivalNs;
        Shape = shape;
        Steps = steps;
        Fps = fps;
    }

    public long Id { get; }

    public int ClassIndex { get; }

    public long ArrivalNs { get; }

    public VideoShape Shape { get; }

    public int Steps { get; }

    public double Fps { get; }

    /// <summary>Seconds of video it produces.</summary>
    public double VideoSeconds => Shape.Frames / Fps;

    public int StepsDone { get; internal set; }

    public bool Encoded { get; internal set; }

    /// <summary>When it first ran (end of queueing).</summary>
    public long ScheduledNs { get; internal set; } = -1;

    public long CompletedNs { get; internal set; } = -1;

    /// <summary>Accelerator-seconds it used: its share of every step it was batched in, plus its own encoding and decoding, times the replica's accelerators.</summary>
    public double AcceleratorSeconds { get; internal set; }

    /// <summary>Times a step boundary passed it over for other work while it had started.</summary>
    public int Preemptions { get; internal set; }

    public int Replica { get; internal set; } = -1;

    /// <summary>In the batch of the running iteration.</summary>
    internal bool Running { get; set; }

    /// <summary>Set while it was in the previous batch and has not been picked again (preemption count).</summary>
    internal bool WasRunning { get; set; }
}

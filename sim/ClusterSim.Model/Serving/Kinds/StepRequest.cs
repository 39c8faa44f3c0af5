namespace ClusterSim.Model.Serving.Kinds;

/// <summary>
/// A request of a diffusion-like kind in flight (video, image): text encoding, <see cref="Steps"/> denoising
/// steps, decoding, run by a <see cref="StepReplica{TRequest}"/>. Times are nanoseconds of simulated time; -1 means "not yet".
/// </summary>
public abstract class StepRequest
{
    protected StepRequest(long id, int classIndex, long arrivalNs, int steps)
    {
        if (steps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), steps, "at least one denoising step");
        }

        Id = id;
        ClassIndex = classIndex;
        ArrivalNs = arrivalNs;
        Steps = steps;
    }

    public long Id { get; }

    public int ClassIndex { get; }

    public long ArrivalNs { get; }

    public int Steps { get; }

    public int StepsDone { get; internal set; }

    /// <summary>Its prompt went through the text encoders (at its first step).</summary>
    public bool Encoded { get; internal set; }

    /// <summary>When it first ran (end of queueing).</summary>
    public long ScheduledNs { get; internal set; } = -1;

    public long CompletedNs { get; internal set; } = -1;

    /// <summary>Accelerator-seconds it used: its share of every step it was batched in, plus its own encoding and decoding, times the replica's accelerators.</summary>
    public double AcceleratorSeconds { get; internal set; }

    /// <summary>Times a step boundary passed it over for other work while it had started.</summary>
    public int Preemptions { get; internal set; }

    public int Replica { get; internal set; } = -1;

    /// <summary>
    /// What it asks for, by name, in the order a requests file writes it (a video's width, height, frames and seconds;
    /// an image request's width, height and images). Built on each read: for logs, not the simulation.
    /// </summary>
    public abstract IReadOnlyList<KeyValuePair<string, double>> Size { get; }

    /// <summary>Set while it was in the previous batch and has not been picked again (preemption count).</summary>
    internal bool WasRunning { get; set; }
}

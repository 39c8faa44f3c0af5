namespace ClusterSim.Model.Facility;

/// <summary>
/// An accelerator's state plus, when busy, how much of the step's wall time (at full clock) its
/// compute units and its memory system are busy, as the execution model's roofline reports them.
/// </summary>
/// <remarks>
/// <c>default(AcceleratorActivity)</c> is <see cref="Idle"/>. The shares are kept only for
/// <see cref="AcceleratorState.Busy"/> so that two idle activities compare equal. The two shares
/// may add to more than 1 (an attention kernel's compute and memory overlap), never less than 0.
/// <see cref="AcceleratorShare"/> says how many of a group's accelerators do the work (the rest idle):
/// a video replica's decode stage keeps one of its k accelerators busy.
/// </remarks>
public readonly record struct AcceleratorActivity
{
    private AcceleratorActivity(AcceleratorState state, double computeUtilization, double memoryUtilization, double acceleratorShare = 0)
    {
        State = state;
        ComputeUtilization = computeUtilization;
        MemoryUtilization = memoryUtilization;
        _idleShare = state == AcceleratorState.Busy ? 1 - acceleratorShare : 0;
    }

    // Stored as its complement so that default(AcceleratorActivity) stays Idle and a plain Busy has share 1.
    private readonly double _idleShare;

    public AcceleratorState State { get; }

    /// <summary>Share of the step (at full clock) the compute units are busy, in [0, 1]; 0 unless busy.</summary>
    public double ComputeUtilization { get; }

    /// <summary>Share of the step the memory system streams at its achieved bandwidth, in [0, 1]; 0 unless busy.</summary>
    public double MemoryUtilization { get; }

    /// <summary>
    /// Share of the group's accelerators doing the work, in (0, 1]; the rest sit idle. 1 for a whole-group
    /// step, 0 unless busy. Power is this share at the busy figure plus the rest at idle.
    /// </summary>
    public double AcceleratorShare => State == AcceleratorState.Busy ? 1 - _idleShare : 0;

    /// <summary>The share that slows with the core clock (<see cref="ClockScaling.TimeFactor"/>): the compute share.</summary>
    public double ComputeBoundFraction => ComputeUtilization;

    public static AcceleratorActivity Idle => default;

    public static AcceleratorActivity Sleep => new(AcceleratorState.Sleep, 0, 0);

    /// <summary>
    /// Busy, the step split between compute (<paramref name="computeBoundFraction"/>) and memory
    /// (the rest): the shorthand for callers that know only where the work sits between a prefill (1)
    /// and a memory-bound decode step (0).
    /// </summary>
    public static AcceleratorActivity Busy(double computeBoundFraction)
    {
        CheckShare(computeBoundFraction, nameof(computeBoundFraction));
        return new AcceleratorActivity(AcceleratorState.Busy, computeBoundFraction, 1 - computeBoundFraction, 1);
    }

    /// <summary>Busy, with the compute units busy <paramref name="computeUtilization"/> and the memory system <paramref name="memoryUtilization"/> of the step.</summary>
    public static AcceleratorActivity Busy(double computeUtilization, double memoryUtilization)
    {
        CheckShare(computeUtilization, nameof(computeUtilization));
        CheckShare(memoryUtilization, nameof(memoryUtilization));
        return new AcceleratorActivity(AcceleratorState.Busy, computeUtilization, memoryUtilization, 1);
    }

    /// <summary>
    /// Busy on <paramref name="acceleratorShare"/> of the group's accelerators (for example 1 of k), each of those
    /// at <paramref name="computeUtilization"/> and <paramref name="memoryUtilization"/>; the others idle.
    /// </summary>
    public static AcceleratorActivity Busy(double computeUtilization, double memoryUtilization, double acceleratorShare)
    {
        CheckShare(computeUtilization, nameof(computeUtilization));
        CheckShare(memoryUtilization, nameof(memoryUtilization));
        if (!(acceleratorShare > 0 && acceleratorShare <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(acceleratorShare), acceleratorShare, "the share of a group's accelerators at work must lie in (0, 1]");
        }

        return new AcceleratorActivity(AcceleratorState.Busy, computeUtilization, memoryUtilization, acceleratorShare);
    }

    public override string ToString() => State == AcceleratorState.Busy
        ? $"Busy(compute {ComputeUtilization:0.###}, memory {MemoryUtilization:0.###}{(_idleShare > 0 ? $", on {AcceleratorShare:0.###} of the group" : "")})"
        : State.ToString();

    private static void CheckShare(double share, string name)
    {
        if (!(share >= 0 && share <= 1))
        {
            throw new ArgumentOutOfRangeException(name, share, "a utilisation share must lie in [0, 1]");
        }
    }
}

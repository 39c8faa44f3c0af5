namespace ClusterSim.Model.Facility;

/// <summary>
/// An accelerator's state plus, when busy, the share of the iteration's time that is
/// compute-bound (as the execution model reports it: 1 for a prefill, near 0 for a decode step).
/// </summary>
/// <remarks>
/// <c>default(AcceleratorActivity)</c> is <see cref="Idle"/>. The fraction is kept only for
/// <see cref="AcceleratorState.Busy"/> so that two idle activities compare equal.
/// </remarks>
public readonly record struct AcceleratorActivity
{
    private AcceleratorActivity(AcceleratorState state, double computeBoundFraction)
    {
        State = state;
        ComputeBoundFraction = computeBoundFraction;
    }

    public AcceleratorState State { get; }

    /// <summary>Share of busy time that is compute-bound, in [0, 1]; 0 unless busy.</summary>
    public double ComputeBoundFraction { get; }

    public static AcceleratorActivity Idle => default;

    public static AcceleratorActivity Sleep => new(AcceleratorState.Sleep, 0);

    /// <summary>Busy, with <paramref name="computeBoundFraction"/> of the time compute-bound.</summary>
    public static AcceleratorActivity Busy(double computeBoundFraction)
    {
        if (!(computeBoundFraction >= 0 && computeBoundFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(computeBoundFraction), computeBoundFraction,
                "the compute-bound fraction must lie in [0, 1]");
        }

        return new AcceleratorActivity(AcceleratorState.Busy, computeBoundFraction);
    }

    public override string ToString() => State == AcceleratorState.Busy
        ? $"Busy(compute-bound {ComputeBoundFraction:0.###})"
        : State.ToString();
}

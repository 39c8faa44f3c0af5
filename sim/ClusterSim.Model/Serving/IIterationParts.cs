namespace ClusterSim.Model.Serving;

/// <summary>
/// An iteration timer that can say where an iteration's time goes (the execution model's <see cref="Performance.StepBreakdown"/>),
/// so a replica can report where its busy time went. Optional: a timer without it leaves the report out. Asked once per
/// run of iterations, never per step, and it must not change any time the timer gives.
/// </summary>
public interface IIterationParts
{
    /// <summary>Whether this timer can give shares at all (its execution model has parts).</summary>
    bool HasParts { get; }

    /// <summary>The parts' names, in the order <see cref="TryShares"/> writes them.</summary>
    IReadOnlyList<string> PartNames { get; }

    /// <summary>Each part's share of the time <paramref name="shape"/> takes, summing to 1; false (nothing written) when it cannot say.</summary>
    bool TryShares(in BatchShape shape, Span<double> shares);
}

namespace ClusterSim.Model.Serving;

/// <summary>
/// An iteration timer that can also say how compute-bound its last prediction was, for the power
/// model and for clock scaling. Timers without it are taken as compute-bound while an iteration
/// computes prompt tokens and memory-bound otherwise.
/// </summary>
public interface IComputeBoundShare
{
    /// <summary>Share of the last timed iteration that was compute-bound, in [0, 1].</summary>
    double LastComputeBoundFraction { get; }
}

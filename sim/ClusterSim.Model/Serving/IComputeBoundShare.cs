namespace ClusterSim.Model.Serving;

/// <summary>
/// An iteration timer that can also say how compute-bound its last prediction was, for the power
/// model and for clock scaling. Timers without it are taken as wholly compute-bound while an
/// iteration computes prompt tokens and wholly memory-bound otherwise.
/// </summary>
public interface IComputeBoundShare
{
    /// <summary>
    /// Share of the last timed iteration's duration paced by the compute units, in [0, 1]: the part
    /// that stretches when the clock drops (memory transfers, collectives and host overhead do not).
    /// </summary>
    double LastComputeBoundFraction { get; }

    /// <summary>
    /// Where the last timed iteration's work sits between memory-bound (0) and compute-bound (1):
    /// its compute time over its compute plus memory time. The power model's phase: measured phase
    /// powers (Splitwise's prefill and decode figures) are whole-iteration averages, so overhead and
    /// collectives must not dilute it.
    /// </summary>
    double LastComputeIntensity { get; }

    /// <summary>
    /// Share of the last timed iteration's duration the memory system streams at its achieved bandwidth, in [0, 1]:
    /// the power model's memory utilisation. A timer that cannot say is taken as memory-bound for the rest of the
    /// step after its compute share.
    /// </summary>
    double LastMemoryBoundFraction => 1 - LastComputeBoundFraction;
}

namespace ClusterSim.Model.Serving;

/// <summary>
/// The seam between a replica of any workload kind and the power its accelerators draw (a facility model): asked at every
/// iteration start, with the compute-bound share of the work, for the clock to run at; told whenever
/// the replica runs out of work. No hook (null) means no facility: full clock, no energy booked.
/// </summary>
public interface IReplicaPower
{
    /// <summary>
    /// Longest simulated time one run of back-to-back decode steps may cover. A run takes its clock at
    /// its start, so this bounds how late a thermal or power-cap clock change reaches the replica.
    /// </summary>
    long MaxRunNs { get; }

    /// <summary>
    /// The replica starts work that sits at <paramref name="computeBoundFraction"/> between
    /// memory-bound (0, a decode step) and compute-bound (1, a prefill). True with the clock factor in (0, 1] it runs at until its next call; false when a
    /// power cap cannot fit the work even at the lowest clock: the replica holds the planned work and
    /// starts it when <see cref="IServingReplica.RetryHeld"/> is called.
    /// </summary>
    bool TryBusy(IServingReplica replica, double computeBoundFraction, out double clock);

    /// <summary>
    /// As <see cref="TryBusy(IServingReplica, double, out double)"/>, for work whose compute units are busy
    /// <paramref name="computeUtilization"/> and whose memory system streams <paramref name="memoryUtilization"/>
    /// of its full-clock wall time (the execution model's roofline shares): the power model draws memory power
    /// from bandwidth use. A hook that knows only the phase takes compute over compute plus memory.
    /// </summary>
    bool TryBusy(IServingReplica replica, double computeUtilization, double memoryUtilization, out double clock)
        => TryBusy(replica, computeUtilization + memoryUtilization > 0 ? computeUtilization / (computeUtilization + memoryUtilization) : 0, out clock);

    /// <summary>
    /// As <see cref="TryBusy(IServingReplica, double, double, out double)"/>, for work on only
    /// <paramref name="acceleratorShare"/> of the replica's accelerators (a video replica's decode stage: 1 of
    /// k) while the others idle; the clock applies to the whole replica.
    /// </summary>
    bool TryBusy(IServingReplica replica, double computeUtilization, double memoryUtilization, double acceleratorShare, out double clock);

    /// <summary>The replica found nothing to run (called each time it does; repeats must be cheap to ignore).</summary>
    void OnIdle(IServingReplica replica);
}

using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Scheduling;

namespace ClusterSim.Model.Serving.Kinds;

/// <summary>What every pool of <see cref="StepReplica{TRequest}"/>s (video, image) sets besides its cost model.</summary>
public abstract record StepPoolSetup(string Name, int Replicas)
{
    /// <summary>Most same-shaped requests whose steps run as one batch.</summary>
    public int MaxBatch { get; init; } = 1;

    /// <summary>
    /// Request-level batching (the pool's batching policy is static or dynamic, as an MLPerf harness or Triton batches a
    /// pipeline): a free replica forms a batch when <see cref="MaxBatch"/> requests wait or the oldest has waited
    /// <see cref="MaxWaitNs"/>, and runs it through all its steps with nobody joining. False: same-shaped requests join the
    /// running batch between steps (continuous). A replica that re-decides its batch between steps (preemption) joins them
    /// between steps either way.
    /// </summary>
    public bool RequestLevel { get; init; }

    /// <summary>With <see cref="RequestLevel"/>: how long the oldest waiting request may wait for the batch to fill (static's timeout, dynamic's max_wait).</summary>
    public long MaxWaitNs { get; init; }

    public SchedulingPolicy Scheduling { get; init; } = SchedulingPolicy.Fcfs;

    /// <summary>Longest waiting queue per replica; a request arriving to a full one is rejected.</summary>
    public int MaxQueue { get; init; } = int.MaxValue;

    /// <summary>Rent per accelerator-hour, for the kind's cost per unit of output (0: unknown).</summary>
    public double RentUsdPerAcceleratorHour { get; init; }

    /// <summary>The pool's threshold autoscaler (its replica count is the most it runs), or null: every replica serves.</summary>
    public AutoscalingSetup? Autoscaling { get; init; }
}

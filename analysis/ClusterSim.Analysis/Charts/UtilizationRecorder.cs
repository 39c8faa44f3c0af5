using ClusterSim.Model.Metrics;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Kinds;
using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Analysis.Charts;

/// <summary>
/// Records each replica's busy fraction over time (1 while an iteration runs, 0 between), which
/// <see cref="Model.Serving.Cluster.ReplicaStats"/> only gives as a whole-run mean. Bounded memory:
/// one <see cref="TimeWeightedSeries"/> of 512 buckets per replica. O(1) per iteration.
/// Pass it to the cluster as its tracer (or as part of one, see <see cref="Timeline.ReplicaTracers"/>).
/// </summary>
public sealed class UtilizationRecorder : IReplicaTracer, IStepTracer, IRunObserver
{
    private readonly List<TimeWeightedSeries?> _busy = new();

    /// <summary>As a run observer: every iteration.</summary>
    public RunEvents Events => RunEvents.Iterations;

    public void OnIteration(Replica replica, long startNs, long endNs, in BatchShape shape) => Busy(replica.Index, startNs, endNs);

    /// <summary>A video or image step: busy while it runs (its decode stage aside, as the replica's utilization counts it).</summary>
    public void OnStep(IServingReplica replica, string kind, long startNs, long endNs, int batch, int waiting) => Busy(replica.Index, startNs, endNs);

    private void Busy(int index, long startNs, long endNs)
    {
        while (_busy.Count <= index)
        {
            _busy.Add(null);
        }

        var series = _busy[index] ??= new TimeWeightedSeries();
        series.Record(startNs, 1);
        series.Record(endNs, 0);
    }

    public void OnPreemption(Replica replica, TextRequest victim, long nowNs)
    {
    }

    /// <summary>
    /// Busy fraction per bucket for replica <paramref name="index"/>, the history extended to
    /// <paramref name="endNs"/> (the end of the run); empty for a replica that never ran.
    /// </summary>
    public IReadOnlyList<SeriesBucket> Buckets(int index, long endNs)
    {
        if (index >= _busy.Count || _busy[index] is not { } series)
        {
            return [];
        }

        if (endNs > series.EndNs)
        {
            series.AdvanceTo(endNs);
        }

        return series.Buckets();
    }
}

using ClusterSim.Engine.Core;
using ClusterSim.Model.Metrics;

namespace ClusterSim.Model.Serving.Kinds;

/// <summary>
/// What one class judged against a completion deadline measured (video, image): counts for conservation,
/// latency and queueing, the deadline against its own target, accelerator-seconds and rent. Requests arriving
/// before the warm-up end are counted but left out of the statistics; a kind adds its own output units
/// (seconds of video, images) in <see cref="OnMeasured"/>.
/// </summary>
public abstract class DeadlineClassMetrics<TRequest>(string name, double? deadlineSeconds, double percentile, long warmupNs) : IDeadlineClassMetrics
    where TRequest : StepRequest
{
    private readonly long? _deadlineNs = deadlineSeconds is { } d ? SimTime.FromSeconds(d) : null;

    public string Name { get; } = name;

    public double? DeadlineSeconds { get; } = deadlineSeconds;

    /// <summary>Share of requests the deadline is promised for, in percent.</summary>
    public double Percentile { get; } = percentile;

    public long Arrived { get; private set; }

    public long Completed { get; private set; }

    /// <summary>Turned away at arrival (the replica's queue was full).</summary>
    public long Rejected { get; private set; }

    public long InFlight => Arrived - Completed - Rejected;

    /// <summary>Completed requests that arrived after warm-up: the ones in the statistics below.</summary>
    public long Measured { get; private set; }

    public long DeadlineMet { get; private set; }

    /// <summary>Arrival to completion of each measured request.</summary>
    public LatencyHistogram Latency { get; } = new();

    public LatencyHistogram Queue { get; } = new();

    public double AcceleratorSeconds { get; private set; }

    public double CostUsd { get; private set; }

    public long Steps { get; private set; }

    public long Preemptions { get; private set; }

    /// <summary>Share of measured requests done by their deadline (1 without a deadline).</summary>
    public double SloAttainment => Measured == 0 ? 0 : (double)DeadlineMet / Measured;

    /// <summary>Whether the promised share of requests met the deadline (true without a deadline).</summary>
    public bool MeetsSlo => _deadlineNs is null || (Measured > 0 && SloAttainment * 100 >= Percentile);

    public void OnArrived() => Arrived++;

    public void OnRejected() => Rejected++;

    public void OnCompleted(TRequest r, double rentUsdPerAcceleratorHour)
    {
        Completed++;
        Preemptions += r.Preemptions;
        if (r.ArrivalNs < warmupNs)
        {
            return;
        }

        Measured++;
        var total = r.CompletedNs - r.ArrivalNs;
        Latency.Record(total);
        Queue.Record(r.ScheduledNs - r.ArrivalNs);
        if (_deadlineNs is null || total <= _deadlineNs)
        {
            DeadlineMet++;
        }

        AcceleratorSeconds += r.AcceleratorSeconds;
        CostUsd += r.AcceleratorSeconds * rentUsdPerAcceleratorHour / 3600;
        Steps += r.Steps;
        OnMeasured(r);
    }

    /// <summary>Adds the kind's own figures of a measured request.</summary>
    protected abstract void OnMeasured(TRequest r);
}

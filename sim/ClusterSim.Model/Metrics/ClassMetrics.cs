using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Model.Metrics;

/// <summary>
/// Everything recorded for one traffic class: counts for conservation, mergeable latency
/// histograms, token totals and SLO attainment. O(1) per request and per gap group.
/// </summary>
public sealed class ClassMetrics
{
    private readonly long _warmupNs;
    private readonly long? _ttftNs;
    private readonly long? _tpotNs;
    private readonly long? _e2eNs;

    public ClassMetrics(string name, SloTargets slo, long warmupNs = 0)
    {
        Name = name;
        Slo = slo;
        _warmupNs = warmupNs;
        _ttftNs = slo.TtftSeconds is { } t ? SimTime.FromSeconds(t) : null;
        _tpotNs = slo.TpotSeconds is { } p ? SimTime.FromSeconds(p) : null;
        _e2eNs = slo.E2eSeconds is { } e ? SimTime.FromSeconds(e) : null;
    }

    public string Name { get; }

    public SloTargets Slo { get; }

    public long Arrived { get; private set; }

    public long Completed { get; private set; }

    public long Dropped { get; private set; }

    /// <summary>Completed requests counted in the latency statistics (arrived after warm-up).</summary>
    public long Measured { get; private set; }

    public long SloMet { get; private set; }

    public long OutputTokens { get; private set; }

    public long PromptTokens { get; private set; }

    public long PrefixHitTokens { get; private set; }

    public long Preemptions { get; private set; }

    public LatencyHistogram Ttft { get; } = new();

    public LatencyHistogram Tbt { get; } = new();

    public LatencyHistogram Tpot { get; } = new();

    public LatencyHistogram E2e { get; } = new();

    public LatencyHistogram Queue { get; } = new();

    public long InFlight => Arrived - Completed - Dropped;

    public void OnArrived() => Arrived++;

    public void OnDropped() => Dropped++;

    public void OnGaps(long nowNs, long gapNs, int count)
    {
        if (nowNs >= _warmupNs)
        {
            Tbt.RecordMany(gapNs, count);
        }
    }

    public void OnCompleted(TextRequest r)
    {
        Completed++;
        OutputTokens += r.OutputTokens;
        PromptTokens += r.PromptTokens;
        PrefixHitTokens += r.PrefixHitTokens;
        Preemptions += r.Preemptions;
        if (r.ArrivalNs < _warmupNs)
        {
            return;
        }

        Measured++;
        var ttft = r.FirstTokenNs - r.ArrivalNs;
        var e2e = r.CompletedNs - r.ArrivalNs;
        var tpot = r.OutputTokens > 1 ? (r.CompletedNs - r.FirstTokenNs) / (r.OutputTokens - 1) : 0;
        Ttft.Record(ttft);
        E2e.Record(e2e);
        Queue.Record(r.ScheduledNs - r.ArrivalNs);
        if (r.OutputTokens > 1)
        {
            Tpot.Record(tpot);
        }

        if ((_ttftNs is null || ttft <= _ttftNs) && (_tpotNs is null || tpot <= _tpotNs) && (_e2eNs is null || e2e <= _e2eNs))
        {
            SloMet++;
        }
    }

    /// <summary>Fold another class's figures into this one (for the overall row).</summary>
    public void Merge(ClassMetrics other)
    {
        Arrived += other.Arrived;
        Completed += other.Completed;
        Dropped += other.Dropped;
        Measured += other.Measured;
        SloMet += other.SloMet;
        OutputTokens += other.OutputTokens;
        PromptTokens += other.PromptTokens;
        PrefixHitTokens += other.PrefixHitTokens;
        Preemptions += other.Preemptions;
        Ttft.Merge(other.Ttft);
        Tbt.Merge(other.Tbt);
        Tpot.Merge(other.Tpot);
        E2e.Merge(other.E2e);
        Queue.Merge(other.Queue);
    }
}

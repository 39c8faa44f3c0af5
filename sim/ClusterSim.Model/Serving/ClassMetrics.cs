using ClusterSim.Engine.Core;
using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Model.Serving;

/// <summary>
/// Everything recorded for one traffic class: counts for conservation, mergeable latency
/// histograms, token totals and SLO attainment. O(1) per request and per gap group.
/// TTFT, TPOT, E2E and queueing describe the requests that arrived after warm-up; gaps between tokens
/// are kept by when they end (after warm-up), since a gap group spans requests of any age; rates count the completions inside the
/// measured window (warm-up end to the end of arrivals), so that a run that keeps up reports its
/// offered load rather than a figure diluted by the drain after arrivals stop.
/// </summary>
public sealed class ClassMetrics
{
    private readonly long _warmupNs;
    private readonly long _windowEndNs;
    private readonly long? _ttftNs;
    private readonly long? _tpotNs;
    private readonly long? _e2eNs;

    /// <param name="windowEndNs">End of the window rates are measured over: when arrivals stop (long.MaxValue: the end of the run).</param>
    public ClassMetrics(string name, SloTargets slo, long warmupNs = 0, long windowEndNs = long.MaxValue)
    {
        Name = name;
        Slo = slo;
        _warmupNs = warmupNs;
        _windowEndNs = windowEndNs;
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

    /// <summary>Output tokens of every completed request, warm-up included.</summary>
    public long OutputTokens { get; private set; }

    /// <summary>When the last request of the class completed (0 before any): where a run that serves every request ends its measured window.</summary>
    public long LastCompletedNs { get; private set; }

    /// <summary>Requests completed inside the measured window, whenever they arrived: the numerator of throughput.</summary>
    public long WindowCompleted { get; private set; }

    /// <summary>Output tokens of the requests completed inside the measured window.</summary>
    public long WindowOutputTokens { get; private set; }

    public long PromptTokens { get; private set; }

    public long PrefixHitTokens { get; private set; }

    public long Preemptions { get; private set; }

    /// <summary>Whether the class's requests carry an output cap (its workload's max_tokens, a number or the model's context).</summary>
    public bool Capped
    {
        get => _capped;
        init => _capped = value;
    }

    private bool _capped;

    /// <summary>Arrivals whose output was cut at the class's max_tokens (the engine's length stop); 0 when uncapped.</summary>
    public long CutAtMaxTokens { get; private set; }

    public LatencyHistogram Ttft { get; } = new();

    public LatencyHistogram Tbt { get; } = new();

    public LatencyHistogram Tpot { get; } = new();

    public LatencyHistogram E2e { get; } = new();

    public LatencyHistogram Queue { get; } = new();

    public long InFlight => Arrived - Completed - Dropped;

    public void OnArrived() => Arrived++;

    public void OnDropped() => Dropped++;

    /// <summary>An arrival's output was longer than the class's max_tokens and stops there.</summary>
    public void OnCutAtMaxTokens() => CutAtMaxTokens++;

    public void OnGaps(long nowNs, long gapNs, int count)
    {
        if (nowNs >= _warmupNs)
        {
            Tbt.RecordMany(gapNs, count);
        }
    }

    /// <summary>
    /// The gaps of consecutive steps ending at <paramref name="ends"/> (step i: <c>ends[i] - ends[i - 1]</c>, from
    /// i = 1), <paramref name="count"/> of each: what one <see cref="OnGaps"/> per step would record.
    /// </summary>
    public void OnGapRun(ReadOnlySpan<long> ends, int count)
    {
        // Ends increase, so the steps ending before warm-up's end are a prefix: skip it, record the rest at once.
        var first = 1;
        while (first < ends.Length && ends[first] < _warmupNs)
        {
            first++;
        }

        if (first < ends.Length)
        {
            Tbt.RecordDifferences(ends[(first - 1)..], count);
        }
    }

    public void OnCompleted(TextRequest r)
    {
        Completed++;
        LastCompletedNs = Math.Max(LastCompletedNs, r.CompletedNs);
        OutputTokens += r.OutputTokens;
        PromptTokens += r.PromptTokens;
        PrefixHitTokens += r.PrefixHitTokens;
        Preemptions += r.Preemptions;
        if (r.CompletedNs >= _warmupNs && r.CompletedNs <= _windowEndNs)
        {
            WindowCompleted++;
            WindowOutputTokens += r.OutputTokens;
        }

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

    /// <summary>Completions per second over a measured window of <paramref name="windowSeconds"/>.</summary>
    public double ThroughputRps(double windowSeconds) => WindowCompleted / windowSeconds;

    /// <summary>Output tokens per second over the measured window.</summary>
    public double OutputTokensPerSecond(double windowSeconds) => WindowOutputTokens / windowSeconds;

    /// <summary>Share of the measured requests that met every SLO of the class (0 when none was measured).</summary>
    public double SloAttainment => Measured == 0 ? 0 : (double)SloMet / Measured;

    /// <summary>Requests per second meeting every SLO: throughput times attainment.</summary>
    public double GoodputRps(double windowSeconds) => ThroughputRps(windowSeconds) * SloAttainment;

    /// <summary>Fold another class's figures into this one (for the overall row).</summary>
    public void Merge(ClassMetrics other)
    {
        Arrived += other.Arrived;
        Completed += other.Completed;
        LastCompletedNs = Math.Max(LastCompletedNs, other.LastCompletedNs);
        Dropped += other.Dropped;
        Measured += other.Measured;
        SloMet += other.SloMet;
        OutputTokens += other.OutputTokens;
        WindowCompleted += other.WindowCompleted;
        WindowOutputTokens += other.WindowOutputTokens;
        PromptTokens += other.PromptTokens;
        PrefixHitTokens += other.PrefixHitTokens;
        Preemptions += other.Preemptions;
        CutAtMaxTokens += other.CutAtMaxTokens;
        _capped |= other._capped;
        Ttft.Merge(other.Ttft);
        Tbt.Merge(other.Tbt);
        Tpot.Merge(other.Tpot);
        E2e.Merge(other.E2e);
        Queue.Merge(other.Queue);
    }
}

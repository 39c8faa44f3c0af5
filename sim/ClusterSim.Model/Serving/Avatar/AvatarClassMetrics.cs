using ClusterSim.Engine.Core;
using ClusterSim.Model.Metrics;

namespace ClusterSim.Model.Serving.Avatar;

/// <summary>
/// What one avatar class measured: sessions admitted and rejected, frames on time, late and
/// skipped against the class's own frame deadline, frame latency and its jitter (standard
/// deviation), start-up time, reply turns and concurrent sessions. Frames released and sessions
/// arriving before the warm-up end are counted for conservation but left out of the statistics.
/// </summary>
public sealed class AvatarClassMetrics
{
    private readonly long _warmupNs;
    private long _active;
    private long _lastNs;
    private double _activeIntegral;
    private double _latencyMean;
    private double _latencyM2;

    public AvatarClassMetrics(string name, double frameDeadlineSeconds, double? startupSeconds, double percentile, int accelerators, long warmupNs = 0)
    {
        Name = name;
        FrameDeadlineSeconds = frameDeadlineSeconds;
        StartupSeconds = startupSeconds;
        Percentile = percentile;
        Accelerators = accelerators;
        _warmupNs = warmupNs;
        _lastNs = warmupNs;
    }

    public string Name { get; }

    public double FrameDeadlineSeconds { get; }

    public double? StartupSeconds { get; }

    public double Percentile { get; }

    /// <summary>Accelerators of the pools the class may use (for sessions per accelerator).</summary>
    public int Accelerators { get; }

    public long SessionsArrived { get; private set; }

    public long SessionsAdmitted { get; private set; }

    public long SessionsRejected { get; private set; }

    public long SessionsCompleted { get; private set; }

    public long SessionsActive => SessionsAdmitted - SessionsCompleted;

    /// <summary>Every frame released, delivered and skipped over the whole run (conservation).</summary>
    public long FramesReleasedTotal { get; private set; }

    public long FramesDeliveredTotal { get; private set; }

    public long FramesSkippedTotal { get; private set; }

    /// <summary>Frames released after warm-up and finished (delivered or skipped): the base of the rates below.</summary>
    public long Frames { get; private set; }

    public long FramesLate { get; private set; }

    public long FramesSkipped { get; private set; }

    public long FramesMissed => FramesLate + FramesSkipped;

    public double MissRate => Frames == 0 ? 0 : (double)FramesMissed / Frames;

    /// <summary>Share of frames on time, the class's SLO attainment.</summary>
    public double SloAttainment => Frames == 0 ? 0 : 1 - MissRate;

    /// <summary>Latency of delivered frames from release to ready.</summary>
    public LatencyHistogram FrameLatency { get; } = new();

    /// <summary>Standard deviation of delivered frames' latency, in seconds.</summary>
    public double JitterSeconds => FrameLatency.Count < 2 ? 0 : Math.Sqrt(_latencyM2 / (FrameLatency.Count - 1));

    /// <summary>From a session's arrival to its first frame (sessions arriving after warm-up).</summary>
    public LatencyHistogram Startup { get; } = new();

    public long TurnsDone { get; private set; }

    public long TurnsLate { get; private set; }

    public LatencyHistogram TurnLatency { get; } = new();

    /// <summary>Time-weighted mean of the sessions streaming at once, after warm-up.</summary>
    public double MeanConcurrentSessions(long endNs)
    {
        Advance(endNs);
        var span = endNs - _warmupNs;
        return span > 0 ? _activeIntegral / span : _active;
    }

    public long MaxConcurrentSessions { get; private set; }

    /// <summary>Whether the promised share of frames met the deadline (and start-up its target, at the same percentile).</summary>
    public bool MeetsSlo => Frames > 0 && SloAttainment * 100 >= Percentile
        && (StartupSeconds is not { } s || Startup.Count == 0 || Startup.ValueAtPercentile(Percentile) <= SimTime.FromSeconds(s));

    public void OnArrived() => SessionsArrived++;

    public void OnRejected() => SessionsRejected++;

    public void OnAdmitted(long nowNs)
    {
        Advance(nowNs);
        SessionsAdmitted++;
        _active++;
        MaxConcurrentSessions = Math.Max(MaxConcurrentSessions, _active);
    }

    public void OnSessionCompleted(long nowNs)
    {
        Advance(nowNs);
        SessionsCompleted++;
        _active--;
    }

    public void OnFirstFrame(long arrivalNs, long nowNs)
    {
        if (arrivalNs >= _warmupNs)
        {
            Startup.Record(nowNs - arrivalNs);
        }
    }

    public void OnReleased() => FramesReleasedTotal++;

    public void OnSkipped(long releaseNs)
    {
        FramesSkippedTotal++;
        if (releaseNs >= _warmupNs)
        {
            Frames++;
            FramesSkipped++;
        }
    }

    public void OnDelivered(long releaseNs, long latencyNs, bool late)
    {
        FramesDeliveredTotal++;
        if (releaseNs < _warmupNs)
        {
            return;
        }

        Frames++;
        if (late)
        {
            FramesLate++;
        }

        FrameLatency.Record(latencyNs);

        // Welford's update: a stable running variance in seconds.
        var x = latencyNs / 1e9;
        var n = FrameLatency.Count;
        var delta = x - _latencyMean;
        _latencyMean += delta / n;
        _latencyM2 += delta * (x - _latencyMean);
    }

    public void OnTurn(long releaseNs, long latencyNs, bool late)
    {
        if (releaseNs < _warmupNs)
        {
            return;
        }

        TurnsDone++;
        TurnLatency.Record(latencyNs);
        if (late)
        {
            TurnsLate++;
        }
    }

    private void Advance(long nowNs)
    {
        if (nowNs > _lastNs)
        {
            _activeIntegral += (double)_active * (nowNs - _lastNs);
            _lastNs = nowNs;
        }
    }
}

using ClusterSim.Engine.Core;
using ClusterSim.Model.Metrics;

namespace ClusterSim.Model.Serving.Video;

/// <summary>
/// What one video class measured: counts for conservation, time to video and queueing, the
/// deadline against its own target, accelerator-seconds and cost per second of video. Requests
/// arriving before the warm-up end are counted but left out of the statistics.
/// </summary>
public sealed class VideoClassMetrics
{
    private readonly long _warmupNs;
    private readonly long? _deadlineNs;

    public VideoClassMetrics(string name, double? deadlineSeconds, double percentile, long warmupNs = 0)
    {
        Name = name;
        DeadlineSeconds = deadlineSeconds;
        Percentile = percentile;
        _warmupNs = warmupNs;
        _deadlineNs = deadlineSeconds is { } d ? SimTime.FromSeconds(d) : null;
    }

    public string Name { get; }

    public double? DeadlineSeconds { get; }

    /// <summary>Share of requests the deadline is promised for, in percent.</summary>
    public double Percentile { get; }

    public long Arrived { get; private set; }

    public long Completed { get; private set; }

    /// <summary>Turned away at arrival (the replica's queue was full).</summary>
    public long Rejected { get; private set; }

    public long InFlight => Arrived - Completed - Rejected;

    /// <summary>Completed requests that arrived after warm-up: the ones in the statistics below.</summary>
    public long Measured { get; private set; }

    public long DeadlineMet { get; private set; }

    public LatencyHistogram TimeToVideo { get; } = new();

    public LatencyHistogram Queue { get; } = new();

    public double AcceleratorSeconds { get; private set; }

    public double VideoSeconds { get; private set; }

    public double CostUsd { get; private set; }

    public long Steps { get; private set; }

    public long Preemptions { get; private set; }

    /// <summary>Share of measured videos done by their deadline (1 without a deadline).</summary>
    public double SloAttainment => Measured == 0 ? 0 : (double)DeadlineMet / Measured;

    /// <summary>Whether the promised share of videos met the deadline (true without a deadline).</summary>
    public bool MeetsSlo => _deadlineNs is null || (Measured > 0 && SloAttainment * 100 >= Percentile);

    /// <summary>Rent paid per second of video produced (0 when the rent is unknown or nothing was measured).</summary>
    public double CostUsdPerVideoSecond => VideoSeconds > 0 ? CostUsd / VideoSeconds : 0;

    public double AcceleratorSecondsPerVideoSecond => VideoSeconds > 0 ? AcceleratorSeconds / VideoSeconds : 0;

    public void OnArrived() => Arrived++;

    public void OnRejected() => Rejected++;

    public void OnCompleted(VideoRequest r, double rentUsdPerAcceleratorHour)
    {
        Completed++;
        Preemptions += r.Preemptions;
        if (r.ArrivalNs < _warmupNs)
        {
            return;
        }

        Measured++;
        var total = r.CompletedNs - r.ArrivalNs;
        TimeToVideo.Record(total);
        Queue.Record(r.ScheduledNs - r.ArrivalNs);
        if (_deadlineNs is null || total <= _deadlineNs)
        {
            DeadlineMet++;
        }

        AcceleratorSeconds += r.AcceleratorSeconds;
        VideoSeconds += r.VideoSeconds;
        CostUsd += r.AcceleratorSeconds * rentUsdPerAcceleratorHour / 3600;
        Steps += r.Steps;
    }
}

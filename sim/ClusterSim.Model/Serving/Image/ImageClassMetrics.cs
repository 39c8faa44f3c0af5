using ClusterSim.Engine.Core;
using ClusterSim.Model.Metrics;

namespace ClusterSim.Model.Serving.Image;

/// <summary>
/// What one image class measured: counts for conservation, latency and queueing, the deadline against its own
/// target, images, accelerator-seconds and cost per image. Requests arriving before the warm-up end are counted
/// but left out of the statistics.
/// </summary>
public sealed class ImageClassMetrics(string name, double? deadlineSeconds, double percentile, long warmupNs = 0)
{
    private readonly long? _deadlineNs = deadlineSeconds is { } d ? SimTime.FromSeconds(d) : null;

    public string Name { get; } = name;

    public double? DeadlineSeconds { get; } = deadlineSeconds;

    public double Percentile { get; } = percentile;

    public long Arrived { get; private set; }

    public long Completed { get; private set; }

    public long Rejected { get; private set; }

    public long InFlight => Arrived - Completed - Rejected;

    /// <summary>Completed requests that arrived after warm-up: the ones in the statistics.</summary>
    public long Measured { get; private set; }

    public long DeadlineMet { get; private set; }

    public long Images { get; private set; }

    public LatencyHistogram Latency { get; } = new();

    public LatencyHistogram Queue { get; } = new();

    public double AcceleratorSeconds { get; private set; }

    public double CostUsd { get; private set; }

    public double SloAttainment => Measured == 0 ? 0 : (double)DeadlineMet / Measured;

    public bool MeetsSlo => _deadlineNs is null || (Measured > 0 && SloAttainment * 100 >= Percentile);

    public double AcceleratorSecondsPerImage => Images > 0 ? AcceleratorSeconds / Images : 0;

    public double CostUsdPerImage => Images > 0 ? CostUsd / Images : 0;

    public void OnArrived() => Arrived++;

    public void OnRejected() => Rejected++;

    public void OnCompleted(ImageRequest r, double rentUsdPerAcceleratorHour)
    {
        Completed++;
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

        Images += r.Images;
        AcceleratorSeconds += r.AcceleratorSeconds;
        CostUsd += r.AcceleratorSeconds * rentUsdPerAcceleratorHour / 3600;
    }
}

namespace ClusterSim.Analysis.Outputs;

/// <summary>What a run writes into its output folder (see <see cref="RunOutputs"/>).</summary>
public sealed record RunOutputOptions
{
    /// <summary>The output folder; created if missing.</summary>
    public required string Directory { get; init; }

    /// <summary>requests.csv: one row per text request; video-requests.csv, image-requests.csv: one per request of the kind.</summary>
    public bool Requests { get; init; } = true;

    /// <summary>charts/: PNG and SVG of every chart of the run.</summary>
    public bool Charts { get; init; } = true;

    /// <summary>report.html.</summary>
    public bool Report { get; init; } = true;

    /// <summary>timeline.json: Chrome trace events (Perfetto), for small runs.</summary>
    public bool Timeline { get; init; }

    /// <summary>Most events in timeline.json.</summary>
    public int TimelineEvents { get; init; } = Analysis.Timeline.ChromeTraceRecorder.DefaultMaxEvents;

    /// <summary>Leave wall-clock figures out of summary.json, so equal runs give equal bytes.</summary>
    public bool Stable { get; init; }
}

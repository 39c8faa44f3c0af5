namespace ClusterSim.Scenarios;

/// <summary>Replays a trace: arrival times and request sizes come from the file.</summary>
/// <param name="Path">Absolute path (written relative to the scenario file).</param>
/// <param name="Format">File format.</param>
/// <param name="TimeScale">Multiplies gaps between arrivals: 0.5 replays twice as fast.</param>
public sealed record TraceArrival(string Path, TraceFormat Format, double TimeScale) : ArrivalSpec
{
    public override double? MeanRate => null;

    /// <summary>The column layout of a <see cref="TraceFormat.Csv"/> trace.</summary>
    public TraceColumns? Columns { get; init; }

    /// <summary>BurstGPT: keep only rows of this model (ChatGPT or GPT-4), or all when null.</summary>
    public string? ModelFilter { get; init; }

    /// <summary>BurstGPT: keep only rows of this log type (Conversation log or API log), or all when null.</summary>
    public string? LogTypeFilter { get; init; }
}

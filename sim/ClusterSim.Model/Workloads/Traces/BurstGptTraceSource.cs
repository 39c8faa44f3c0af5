namespace ClusterSim.Model.Workloads.Traces;

/// <summary>
/// The BurstGPT trace (Wang et al., "BurstGPT: A Real-world Workload Dataset to Optimize LLM
/// Serving Systems", arXiv:2401.17644, 2024; github.com/HPMLL/BurstGPT): a CSV with the header
/// <c>Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type</c>, where Timestamp is
/// seconds from midnight of the first day, Model is <c>ChatGPT</c> or <c>GPT-4</c> and Log Type is
/// <c>Conversation log</c> or <c>API log</c>. Failed requests have 0 response tokens; they are
/// replayed with one output token (the prompt is still processed).
/// </summary>
/// <param name="path">The CSV file.</param>
/// <param name="options">Speed, loops, bad-row handling.</param>
/// <param name="model">Keep only rows of this model (case-insensitive), or all when null.</param>
/// <param name="logType">Keep only rows of this log type (case-insensitive), or all when null.</param>
public sealed class BurstGptTraceSource(string path, TraceOptions? options = null, string? model = null, string? logType = null)
    : TraceRequestSource(path, options, new CsvRowParser(Layout, Filters(model, logType)))
{
    /// <summary>The columns this reader uses, as the BurstGPT files name them.</summary>
    public static CsvTraceMapping Layout { get; } = new("Timestamp", "Request tokens", "Response tokens", TraceTimeUnit.Seconds);

    private static (string Column, string Value)[] Filters(string? model, string? logType)
    {
        var filters = new List<(string, string)>();
        if (model is not null)
        {
            filters.Add(("Model", model));
        }

        if (logType is not null)
        {
            filters.Add(("Log Type", logType));
        }

        return filters.ToArray();
    }
}

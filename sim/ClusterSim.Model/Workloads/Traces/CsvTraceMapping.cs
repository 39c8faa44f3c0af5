namespace ClusterSim.Model.Workloads.Traces;

/// <summary>
/// Which columns of a CSV trace hold what. Columns are named as in the header, or, when the file
/// has no header, by their 1-based number ("1", "2", ...).
/// </summary>
/// <param name="TimeColumn">The arrival time.</param>
/// <param name="PromptColumn">The prompt length in tokens.</param>
/// <param name="OutputColumn">The output length in tokens.</param>
/// <param name="TimeUnit">How the time is written.</param>
/// <param name="Separator">The field separator (',' by default; ';' or '\t' are common).</param>
/// <param name="HasHeader">Whether the first line names the columns.</param>
/// <param name="HashIdsColumn">Optional prefix-block ids (separated by spaces or semicolons) for the prefix cache.</param>
public sealed record CsvTraceMapping(
    string TimeColumn,
    string PromptColumn,
    string OutputColumn,
    TraceTimeUnit TimeUnit = TraceTimeUnit.Seconds,
    char Separator = ',',
    bool HasHeader = true,
    string? HashIdsColumn = null);

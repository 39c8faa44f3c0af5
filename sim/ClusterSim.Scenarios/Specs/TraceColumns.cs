namespace ClusterSim.Scenarios;

/// <summary>Which columns of a generic CSV trace hold what (by header name, or by 1-based number without a header).</summary>
/// <param name="Time">Arrival time column.</param>
/// <param name="Prompt">Prompt tokens column.</param>
/// <param name="Output">Output tokens column.</param>
/// <param name="HashIds">Optional prefix-block ids column (ids separated by spaces or semicolons).</param>
/// <param name="TimeUnit">s, ms, us, ns or datetime.</param>
/// <param name="Separator">The field separator, one character.</param>
/// <param name="Header">Whether the first line names the columns.</param>
public sealed record TraceColumns(string Time, string Prompt, string Output, string? HashIds, string TimeUnit, char Separator, bool Header);

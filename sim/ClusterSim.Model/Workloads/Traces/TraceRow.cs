namespace ClusterSim.Model.Workloads.Traces;

/// <summary>
/// One parsed trace row. The time is in nanoseconds from an origin the format chooses (only
/// differences are used), kept as an integer so replay never loses the trace's resolution.
/// </summary>
internal readonly record struct TraceRow(long TimeNs, int TimeColumn, int Prompt, int Output, long[]? Hashes);

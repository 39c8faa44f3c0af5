namespace ClusterSim.Model.Workloads.Traces;

/// <summary>
/// Any CSV trace, given a <see cref="CsvTraceMapping"/> from its columns to arrival time, prompt
/// and output lengths (and optionally prefix-block ids). Columns the mapping does not name are
/// ignored. A mapped column missing from the header is an error naming the header line, with the
/// closest column name as a suggestion.
/// </summary>
public sealed class CsvTraceSource(string path, CsvTraceMapping mapping, TraceOptions? options = null)
    : TraceRequestSource(path, options, new CsvRowParser(mapping, []));

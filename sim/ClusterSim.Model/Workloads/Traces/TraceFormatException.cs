namespace ClusterSim.Model.Workloads.Traces;

/// <summary>A trace row that cannot be read, located by file, line and column.</summary>
public sealed class TraceFormatException(string file, int line, int column, string message)
    : Exception($"{file}:{line}:{column}: {message}")
{
    public string File { get; } = file;

    public int Line { get; } = line;

    public int Column { get; } = column;
}

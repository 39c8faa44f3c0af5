namespace ClusterSim.Model.Workloads.Traces;

/// <summary>A field that cannot be read; the trace source adds the file and line.</summary>
internal sealed class TraceFieldException(int column, string message) : Exception(message)
{
    /// <summary>1-based column (character) where the offending field starts.</summary>
    public int Column { get; } = column;
}

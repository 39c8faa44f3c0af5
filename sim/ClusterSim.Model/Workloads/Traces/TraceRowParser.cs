namespace ClusterSim.Model.Workloads.Traces;

/// <summary>
/// Reads the rows of one trace format. Errors are <see cref="TraceFieldException"/>s naming the
/// field's column; the source turns them into located <see cref="TraceFormatException"/>s.
/// </summary>
internal abstract class TraceRowParser
{
    /// <summary>Lines at the top of the file that are a header, not rows.</summary>
    public virtual int HeaderLines => 0;

    /// <summary>Checks a header line (and learns the column layout from it, for CSV).</summary>
    public virtual void ParseHeader(string line)
    {
    }

    /// <summary>Parses a row; false when the row is valid but filtered out.</summary>
    public abstract bool TryParse(string line, out TraceRow row);
}

namespace ClusterSim.Model.Workloads.Traces;

/// <summary>A line longer than a <see cref="BoundedLineReader"/> accepts; the caller adds the file and line.</summary>
internal sealed class LineTooLongException(int maxChars)
    : Exception($"the line is longer than {maxChars:N0} characters: not a trace row (is this a binary file, or a file without line breaks?)")
{
    public int MaxChars { get; } = maxChars;
}

namespace ClusterSim.Scenarios;

/// <summary>One problem in a scenario or catalog file, located to the character.</summary>
/// <param name="File">The file as the user named it, or the text of a <c>--set</c> argument.</param>
/// <param name="Line">1-based line; 0 when the error concerns the whole file.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Message">What is wrong and what was expected; ends with "did you mean ...?" where a close name exists.</param>
public sealed record ScenarioError(string File, int Line, int Column, string Message)
{
    /// <summary>The conventional compiler form, <c>file:line:col: message</c>, that editors and terminals link.</summary>
    /// <remarks>Line 0 means the whole file (it could not be read at all): then <c>file: message</c>.</remarks>
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}: {Message}";
}

namespace ClusterSim.Scenarios;

/// <summary>
/// The same system measured at other settings (another concurrency, other lengths, another rate): the scenario with
/// <paramref name="Sets"/> applied as <c>--set</c> applies them, and what was measured there.
/// </summary>
/// <param name="Name">How the row is named in reports.</param>
/// <param name="Sets">Overrides, each <c>PATH=VALUE</c> as <c>--set</c> takes them, applied in order after the command line's.</param>
/// <param name="Role">Whether a factor was set from this row's figures (a fit) or not (a check).</param>
/// <param name="Figures">The row's figures, in the file's order.</param>
public sealed record MeasuredRow(string Name, IReadOnlyList<string> Sets, MeasuredRole Role, IReadOnlyList<MeasuredFigure> Figures);

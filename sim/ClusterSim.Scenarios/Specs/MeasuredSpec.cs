namespace ClusterSim.Scenarios;

/// <summary>
/// What the real system a scenario describes measured (a published result, or a user's own run), so that
/// <c>clustersim run</c> and <c>clustersim accuracy</c> can say how far the simulation is from it.
/// </summary>
/// <param name="Source">Where the figures come from, as written; null when not said.</param>
/// <param name="Role">Whether a factor of the model was set from them (a fit, no evidence) or not (a check).</param>
/// <param name="Workload">The workload the figures describe.</param>
/// <param name="Figures">The figures of the scenario as written, in the file's order (none when only rows are given).</param>
public sealed record MeasuredSpec(string? Source, MeasuredRole Role, string Workload, IReadOnlyList<MeasuredFigure> Figures)
{
    /// <summary>The workload's kind (text, video, ...), whose list of figures (<see cref="MeasuredFigures.For"/>) the figures come from.</summary>
    public string Kind { get; init; } = "text";

    /// <summary>The same system measured at other settings, each a row of overrides and figures; none when not given.</summary>
    public IReadOnlyList<MeasuredRow> Rows { get; init; } = [];
}

namespace ClusterSim.Analysis.Accuracy;

/// <summary>What <see cref="AccuracyFit.Fit"/> found.</summary>
/// <param name="Parameters">Each fitted override, its start and its value, in the order asked.</param>
/// <param name="Figures">Measured figures of role fit the objective summed over (capacities left out: each needs a search).</param>
/// <param name="Evaluations">Distinct parameter points run (each runs every fit case once).</param>
/// <param name="StartError">Root mean square of ln(simulated / measured) over those figures at the start.</param>
/// <param name="FittedError">The same at the fitted values.</param>
/// <param name="StartedFrom">Whose factors the start values are: the efficiency entry of the first fit case's first roofline deployment.</param>
public sealed record FitResult(IReadOnlyList<FitParameter> Parameters, int Figures, int Evaluations, double StartError, double FittedError, string StartedFrom)
{
    /// <summary>The fitted overrides as <c>--set</c> takes them, for the runs that report the checks with them.</summary>
    public IReadOnlyList<string> Sets => [.. Parameters.Select(p => p.Set)];
}

using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Accuracy;

/// <summary>
/// How far the simulations of one role (checks, or fits) are from their measurements: over every figure, and per
/// distinct configuration (one scenario file is one configuration), so that a configuration with many figures does not
/// outweigh the others. Fits are summarised apart: a figure a factor was set from is no evidence for it.
/// </summary>
/// <param name="Role">Checks or fits.</param>
/// <param name="Files">Distinct configurations (scenario files; a file's rows are one) of the role.</param>
/// <param name="Figures">Their measured figures.</param>
/// <param name="Simulated">Of those, the ones the simulation gave a value for.</param>
/// <param name="MedianAbsoluteError">Median of |simulated / measured - 1| over those figures; NaN when none.</param>
/// <param name="MedianOfConfigurations">Median over the configurations of each one's median absolute error (its rows' figures together); NaN when none.</param>
/// <param name="Criteria">Figures that carry a criterion (<c>within</c>).</param>
/// <param name="Met">Of those, the ones within it.</param>
public sealed record AccuracySummary(
    MeasuredRole Role, int Files, int Figures, int Simulated, double MedianAbsoluteError, double MedianOfConfigurations, int Criteria, int Met)
{
    /// <summary>One summary per role present in <paramref name="results"/>, checks first.</summary>
    public static IReadOnlyList<AccuracySummary> Of(IReadOnlyList<AccuracyResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return [.. results.GroupBy(r => r.Measured.Role).OrderBy(g => g.Key).Select(g =>
        {
            var figures = g.SelectMany(r => r.Figures).ToList();
            var errors = figures.Select(f => Math.Abs(f.Error)).Where(e => !double.IsNaN(e)).ToList();
            var criteria = figures.Where(f => f.Met is not null).ToList();
            var configurations = g.GroupBy(r => r.Configuration, StringComparer.Ordinal)
                .Select(c => Median(c.SelectMany(r => r.Figures).Select(f => Math.Abs(f.Error)).Where(e => !double.IsNaN(e))))
                .ToList();
            var byFigure = figures.GroupBy(f => f.Name, StringComparer.Ordinal).Select(n =>
            {
                var e = n.Select(f => Math.Abs(f.Error)).Where(x => !double.IsNaN(x)).ToList();
                return new FigureSummary(n.Key, n.Count(), e.Count, Median(e), n.Count(f => f.Met is not null), n.Count(f => f.Met == true));
            }).OrderBy(f => Order(f.Figure)).ThenBy(f => f.Figure, StringComparer.Ordinal).ToList();
            return new AccuracySummary(g.Key, configurations.Count, figures.Count, errors.Count, Median(errors),
                Median(configurations.Where(e => !double.IsNaN(e))), criteria.Count, criteria.Count(f => f.Met == true)) { ByFigure = byFigure };
        })];
    }

    /// <summary>Each kind of figure of the role, in the language's order (<see cref="MeasuredFigures.All"/>).</summary>
    public IReadOnlyList<FigureSummary> ByFigure { get; init; } = [];

    private static int Order(string figure)
    {
        var names = MeasuredFigures.All.Select(f => f.Name).ToList();
        var i = names.IndexOf(figure);
        return i < 0 ? int.MaxValue : i;
    }

    /// <summary>The median (the mean of the middle two for an even count); NaN for none.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}

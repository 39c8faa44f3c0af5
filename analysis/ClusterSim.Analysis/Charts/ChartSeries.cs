namespace ClusterSim.Analysis.Charts;

/// <summary>
/// A line of points for <see cref="Chart.Lines"/>: X and Y of equal length, and optionally a
/// symmetric error (e.g. a confidence half-width) on each Y, drawn as error bars.
/// </summary>
public sealed record ChartSeries(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y, IReadOnlyList<double>? YError = null);

namespace ClusterSim.Analysis.Statistics;

/// <summary>
/// A two-sided confidence interval for a mean: <c>Mean ± HalfWidth</c> at <see cref="Level"/>.
/// With fewer than two values the half-width is undefined and is NaN.
/// </summary>
/// <param name="Mean">Sample mean of the values.</param>
/// <param name="HalfWidth">Student-t half-width <c>t(1-(1-level)/2, n-1) · s / √n</c>; NaN when <c>n &lt; 2</c>.</param>
/// <param name="Count">Number of values (replications).</param>
/// <param name="Level">Confidence level in (0, 1), e.g. 0.95.</param>
public readonly record struct ConfidenceInterval(double Mean, double HalfWidth, int Count, double Level)
{
    public double Lower => Mean - HalfWidth;

    public double Upper => Mean + HalfWidth;

    /// <summary>Whether the half-width is defined (two values or more, none NaN).</summary>
    public bool HasHalfWidth => !double.IsNaN(HalfWidth);

    /// <summary>Whether <paramref name="value"/> lies inside the interval (ends included).</summary>
    public bool Contains(double value) => HasHalfWidth && value >= Lower && value <= Upper;
}

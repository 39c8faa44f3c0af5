namespace ClusterSim.Analysis.Accuracy;

/// <summary>One measured figure beside the simulated one.</summary>
/// <param name="Name">The figure (<see cref="Scenarios.MeasuredFigures"/>).</param>
/// <param name="Seconds">True when the figure is a duration in seconds.</param>
/// <param name="Measured">What the real system measured.</param>
/// <param name="Simulated">What the simulation gives; NaN when it has nothing to give (see <see cref="Note"/>).</param>
/// <param name="Within">The criterion as a fraction of the measured figure; null: none.</param>
public sealed record FigureComparison(string Name, bool Seconds, double Measured, double Simulated, double? Within)
{
    /// <summary>Relative error, simulated / measured - 1 (-0.2: the simulation reads 20 % low); NaN without a simulated figure.</summary>
    public double Error => Simulated / Measured - 1;

    /// <summary>
    /// Whether the error is within the criterion; null without one, or when the figure was not run. A figure a run had no
    /// data for (no request completed) does not meet it: no evidence is not a pass.
    /// The bound is compared at a part in a billion, so that 110 against 100 within 0.1 is met however the division rounds.
    /// </summary>
    public bool? Met => Within is { } within && !NotRun ? !double.IsNaN(Error) && Math.Abs(Error) <= within * (1 + 1e-9) : null;

    /// <summary>True when the figure was not simulated at all (a capacity, which one run cannot give): then it is not judged.</summary>
    public bool NotRun { get; init; }

    /// <summary>Why <see cref="Simulated"/> is missing, or what qualifies it (a capacity at a search bound); null when nothing does.</summary>
    public string? Note { get; init; }
}

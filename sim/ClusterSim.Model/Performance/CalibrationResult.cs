namespace ClusterSim.Model.Performance;

/// <summary>The outcome of one least-squares fit.</summary>
/// <param name="Parameters">The fitted factors.</param>
/// <param name="Errors">Errors of the fit on the rows it used.</param>
/// <param name="RowsUsed">Measurements the fit used.</param>
/// <param name="Rejected">Measurements left out because they are faster than the physical bound (impossible, so broken).</param>
/// <param name="Loss">Sum of squared log errors at the optimum.</param>
public sealed record CalibrationResult(
    EfficiencyParams Parameters,
    FitErrors Errors,
    int RowsUsed,
    IReadOnlyList<MeasuredIteration> Rejected,
    double Loss);

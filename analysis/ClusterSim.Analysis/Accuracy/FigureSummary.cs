namespace ClusterSim.Analysis.Accuracy;

/// <summary>How far one kind of figure (every <c>ttft_p99</c>, say) is from its measurements over the cases of a role.</summary>
/// <param name="Figure">The figure's name.</param>
/// <param name="Count">Measured figures of that name.</param>
/// <param name="Simulated">Of those, the ones the simulation gave a value for.</param>
/// <param name="MedianAbsoluteError">Median of |simulated / measured - 1| over those; NaN when none.</param>
/// <param name="Criteria">Figures that carry a criterion.</param>
/// <param name="Met">Of those, the ones within it.</param>
public sealed record FigureSummary(string Figure, int Count, int Simulated, double MedianAbsoluteError, int Criteria, int Met);

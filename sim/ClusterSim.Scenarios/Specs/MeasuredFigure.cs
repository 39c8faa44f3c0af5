namespace ClusterSim.Scenarios;

/// <summary>One figure a real system measured, and how close the simulation should come.</summary>
/// <param name="Name">A name from <see cref="MeasuredFigures.All"/>: <c>ttft_p99</c>, <c>output_tokens_per_s</c>, <c>capacity_rps</c>, ...</param>
/// <param name="Value">The measurement, in the figure's unit (seconds for latencies and steps).</param>
/// <param name="Within">The criterion: the simulated figure within this fraction of the measured one (0.1 = 10 %); null: none, the error is only reported.</param>
public sealed record MeasuredFigure(string Name, double Value, double? Within);

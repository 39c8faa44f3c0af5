using ClusterSim.Analysis.Planning;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Accuracy;

/// <summary>One scenario (as written, or one of its measured rows) run against what its real system measured.</summary>
/// <param name="Configuration">The distinct configuration (the scenario's file, or its name for one built in code).</param>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="Row">The measured row's name; null for the scenario as written.</param>
/// <param name="Measured">The case's measured figures, source, role and workload.</param>
/// <param name="Figures">Each measured figure beside the simulated one, in the file's order.</param>
public sealed record AccuracyResult(string Configuration, string Scenario, string? Row, MeasuredSpec Measured, IReadOnlyList<FigureComparison> Figures)
{
    /// <summary>The capacity search, when the section gives <c>capacity_rps</c> and it was run.</summary>
    public CapacityResult? Capacity { get; init; }

    /// <summary>What the case ran on, by grouping (<see cref="AccuracyGroups.Names"/>): accelerator, stack, architecture.</summary>
    public IReadOnlyDictionary<string, string> Groups { get; init; } = new Dictionary<string, string>();

    /// <summary>The median absolute error of the figures the simulation gave; NaN when it gave none.</summary>
    public double MedianAbsoluteError => AccuracySummary.Median(Figures.Select(f => Math.Abs(f.Error)).Where(e => !double.IsNaN(e)));
}

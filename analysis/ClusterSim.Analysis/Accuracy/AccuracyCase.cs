using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Accuracy;

/// <summary>One thing to run against its measurements: a scenario as written, or one of its measured rows.</summary>
/// <param name="Scenario">The scenario to run, its overrides applied; its measured section holds this case's figures only.</param>
/// <param name="Configuration">The distinct configuration it belongs to (its file, or the scenario's name): the rows of one file are one configuration.</param>
/// <param name="Row">The row's name; null for the scenario as written.</param>
/// <param name="Sets">The overrides it was loaded with (the command line's, then the row's), which a capacity search applies again.</param>
public sealed record AccuracyCase(Scenario Scenario, string Configuration, string? Row, IReadOnlyList<string> Sets);

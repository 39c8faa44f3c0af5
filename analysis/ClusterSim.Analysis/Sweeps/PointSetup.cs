using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Sweeps;

/// <summary>A point ready to run: the checked scenario with its overrides applied.</summary>
internal sealed record PointSetup(PointInfo Info, Scenario Scenario);

using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Setup;

/// <summary>A scenario turned into a runnable serving set-up, with what was assumed on the way.</summary>
public sealed record CompiledScenario(Scenario Scenario, ServingSetup Setup, IReadOnlyList<string> Notes);

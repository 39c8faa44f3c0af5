using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Sweeps;

/// <summary>One run exactly as <c>clustersim run</c> does it, without output files; each run owns its simulation.</summary>
internal sealed class SimulationRunner : IScenarioRunner
{
    public ServingResult Run(Scenario scenario, ulong seed) => Run(scenario, seed, CancellationToken.None);

    public ServingResult Run(Scenario scenario, ulong seed, CancellationToken cancellation)
        => ClusterRun.Execute(ScenarioCompiler.Compile(scenario, seed), new RunOptions { Cancellation = cancellation });
}

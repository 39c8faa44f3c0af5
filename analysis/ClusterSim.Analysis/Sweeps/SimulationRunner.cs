using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Sweeps;

/// <summary>One run exactly as <c>clustersim run</c> does it, without output files; each run owns its simulation.</summary>
internal sealed class SimulationRunner : IScenarioRunner
{
    public ServingResult Run(Scenario scenario, ulong seed)
    {
        var compiled = ScenarioCompiler.Compile(scenario, seed);
        return new ServingCluster(new Simulation(compiled.Setup.Seed), compiled.Setup).Run();
    }
}

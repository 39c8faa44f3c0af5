using ClusterSim.Analysis.Sweeps;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Tests.Planning;

/// <summary>Counts the simulation runs asked of the runner it wraps.</summary>
internal sealed class CountingRunner(IScenarioRunner inner) : IScenarioRunner
{
    private int _runs;

    public int Runs => _runs;

    public ServingResult Run(Scenario scenario, ulong seed)
    {
        Interlocked.Increment(ref _runs);
        return inner.Run(scenario, seed);
    }
}

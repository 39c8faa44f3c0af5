using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Sweeps;

/// <summary>
/// Runs one replication of a checked scenario. Sweeps and the planner call it for every run, from
/// several threads at once, so an implementation keeps no shared mutable state; tests wrap
/// <see cref="Simulation"/> to count runs or to stand in for the simulator.
/// </summary>
public interface IScenarioRunner
{
    /// <summary>The discrete-event simulation: compile the scenario with the seed, run it to the end.</summary>
    static IScenarioRunner Simulation { get; } = new SimulationRunner();

    ServingResult Run(Scenario scenario, ulong seed);

    /// <summary>
    /// The same run, stopping with <see cref="OperationCanceledException"/> once <paramref name="cancellation"/> is
    /// cancelled; a runner that cannot stop mid-run checks it before it starts.
    /// </summary>
    ServingResult Run(Scenario scenario, ulong seed, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        return Run(scenario, seed);
    }
}

using ClusterSim.Analysis.Sweeps;
using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Tests.Planning;

/// <summary>
/// Stands in for the simulator with a known answer: every request's TTFT is 100 ms from
/// <c>Needed[accelerator]</c> nodes on and 2 s below (no entry: never fast enough). Records the
/// scenario of every run so tests can check the mapping of options onto it. With
/// <paramref name="scaled"/>, steps s times as long need s times the nodes, rounded up
/// (the deployment's <c>execution_model.step_scale</c>).
/// </summary>
internal sealed class StepRunner(IReadOnlyDictionary<string, int> needed, bool scaled = false) : IScenarioRunner
{
    /// <summary>The nodes a scaled runner asks for at <paramref name="scale"/>: the need times the scale, rounded up.</summary>
    public static int Needed(int nodes, double scale) => (int)Math.Ceiling((nodes * scale) - 1e-9);

    private readonly List<Scenario> _seen = [];

    public IReadOnlyList<Scenario> Seen
    {
        get
        {
            lock (_seen)
            {
                return _seen.ToList();
            }
        }
    }

    public ServingResult Run(Scenario scenario, ulong seed)
    {
        lock (_seen)
        {
            _seen.Add(scenario);
        }

        var group = scenario.Hardware.Nodes[0];
        var scale = scaled ? scenario.Deployments[0].ExecutionModel.GetDouble(ClusterSim.Model.Setup.ScenarioCompiler.StepScaleParameter, 1) : 1;
        var fast = needed.TryGetValue(group.Accelerator, out var n) && group.Count >= Needed(n, scale);
        var chat = new ClassMetrics("chat", SloTargets.None);
        for (var i = 0; i < 100; i++)
        {
            chat.Ttft.Record(fast ? 100_000_000 : 2_000_000_000);
        }

        var overall = new ClassMetrics("overall", SloTargets.None);
        overall.Merge(chat);
        return new ServingResult("default", seed, 10_000_000_000, 0, [chat], overall, [], 0, 0);
    }
}

using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Requests;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Plugins;

/// <summary>
/// Issue 16's acceptance test: a router, a batching policy, a queue discipline and an admission policy defined in
/// this test assembly, named in a scenario whose <c>plugins:</c> names this assembly, run end to end, and each
/// leaves its mark on the result.
/// </summary>
public sealed class PluginScenarioTests
{
    private static readonly string Assembly = typeof(PluginScenarioTests).Assembly.Location;

    private sealed class CompletionOrder : IRequestLog
    {
        public List<long> Ids { get; } = new();

        public void Write(TextRequest request, string className) => Ids.Add(request.Id);
    }

    private static (ServingResult Result, List<long> Completed) Run(params string[] sets)
    {
        // The embedded default scenario (chat on four TP2 replicas), saved beside this assembly so 'plugins:' resolves.
        var scenario = ScenarioLoader.Parse(ScenarioLoader.DefaultYaml, "plugin-test.yaml", Path.GetDirectoryName(Assembly),
            [$"plugins=[{Path.GetFileName(Assembly)}]", "run.warmup=0s", .. sets]);
        Assert.Equal([Assembly], scenario.Plugins);
        var compiled = ScenarioCompiler.Compile(scenario);
        var log = new CompletionOrder();
        var result = ClusterSim.Model.Runs.ClusterRun.Execute(compiled, null, ClusterSim.Model.Runs.RunObservers.FromLog(log));
        return (result, log.Ids);
    }

    [Fact]
    public void Router_batching_and_admission_named_by_type_are_each_used()
    {
        var (result, _) = Run(
            "policies.routing=ClusterSim.Model.Tests.Plugins.EverythingToReplicaZeroRouter",
            "policies.batching={name: ClusterSim.Model.Tests.Plugins.CappedBatchPolicy, cap: 3}",
            "policies.admission={name: ClusterSim.Model.Tests.Plugins.EveryNthRefusedAdmission, every: 4}",
            "run.duration=20s");

        // The router: replica 0 took everything, the other three never ran an iteration.
        var replicas = result.Replicas.OrderBy(r => r.Index).ToList();
        Assert.Equal(4, replicas.Count);
        Assert.True(replicas[0].Iterations > 0);
        Assert.All(replicas.Skip(1), r => Assert.Equal(0, r.Iterations));

        // The batch policy: never more than its cap of 3 sequences, and the load fills it (the deployment allows 256).
        Assert.Equal(3, replicas[0].MaxBatchSize);

        // The admission policy: every 4th arrival refused, the only drops of the run.
        var chat = result.Classes[0];
        Assert.True(chat.Arrived > 100);
        Assert.Equal(chat.Arrived / 4, chat.Dropped);
    }

    [Fact]
    public void A_queue_discipline_named_by_type_orders_the_waiting_line()
    {
        // One replica running one sequence at a time, with a backlog: FCFS completes in arrival (id) order;
        // the plug-in's last-in-first-out serves the newest waiting request next.
        string[] oneAtATime = ["deployments.llama-8b.replicas=1", "deployments.llama-8b.max_batch=1", "run.duration=10s"];
        var (_, fcfs) = Run([.. oneAtATime, "policies.scheduling=fcfs"]);
        var (_, lifo) = Run([.. oneAtATime, "policies.scheduling=ClusterSim.Model.Tests.Plugins.LastInFirstOutDiscipline"]);

        Assert.True(fcfs.Count > 10);
        Assert.Equal(fcfs.Order(), fcfs);
        Assert.Equal(fcfs.Order(), lifo.Order()); // the same requests finish, in another order
        Assert.Equal(0, lifo[0]);
        Assert.True(lifo[1] > 1, $"the second served was {lifo[1]}: under LIFO it is the newest waiting, not the next oldest");
    }

    [Fact]
    public void A_type_named_in_a_scenario_that_is_not_the_seam_is_a_located_error()
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(ScenarioLoader.DefaultYaml, "plugin-test.yaml",
            Path.GetDirectoryName(Assembly),
            [$"plugins=[{Path.GetFileName(Assembly)}]", "policies.routing=ClusterSim.Model.Tests.Plugins.CappedBatchPolicy"]));
        var e = Assert.Single(error.Errors);
        Assert.True(e.Line > 0);
        Assert.Contains("does not implement ClusterSim.Model.Serving.Routing.IRouter", e.Message);
    }
}

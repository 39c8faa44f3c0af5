using ClusterSim.Engine.Randomness;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Requests;
using ClusterSim.Model.Serving.Routing;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Serving.Routing;

/// <summary>
/// Keyed routers (least outstanding, shortest queue in tokens) are served from a tournament tree the cluster keeps
/// current, not by a scan per request. The tree must pick exactly what the scan picks: checked against a brute-force
/// scan after random key changes, and end to end against the same router with its key hidden (so the cluster scans),
/// in plain, central-queue and prefill/decode runs, request by request. The central-queue runs also guard a bug
/// they found: a completion dispatching a queued request back to the replica that was finishing its iteration
/// planned the next iteration in the middle of that one ("request N is not prefilling").
/// </summary>
public sealed class KeyedRoutingTests
{
    /// <summary>The router's own scan, with the keyed interface hidden: the cluster must call Route.</summary>
    private sealed class ScanOnly(IRouter inner) : IRouter
    {
        public string Name => inner.Name + " (scan)";

        public int Route(TextRequest request, IReadOnlyList<IReplicaView> candidates, SimRandom random) => inner.Route(request, candidates, random);
    }

    private sealed class Completions : IRequestLog
    {
        public List<(long Id, int Replica, long Done)> Rows { get; } = new();

        public void Write(TextRequest request, string className) => Rows.Add((request.Id, request.Replica, request.CompletedNs));
    }

    [Fact]
    public void The_tree_gives_the_least_key_ties_to_the_lowest_position_after_any_changes()
    {
        var random = new Random(5);
        foreach (var n in new[] { 1, 2, 3, 7, 64, 1000 })
        {
            var keys = new long[n];
            Array.Fill(keys, long.MaxValue);
            var tree = new MinKeyTree(n);
            for (var step = 0; step < 5_000; step++)
            {
                var p = random.Next(n);
                // Few distinct keys, so ties are common; one change in ten takes the position out of the race.
                keys[p] = random.Next(10) == 0 ? long.MaxValue : random.Next(6);
                tree.Set(p, keys[p]);

                var expected = 0;
                for (var i = 1; i < n; i++)
                {
                    if (keys[i] < keys[expected])
                    {
                        expected = i;
                    }
                }

                Assert.Equal(keys[expected], tree.Min);
                if (keys[expected] != long.MaxValue)
                {
                    Assert.Equal(expected, tree.ArgMin);
                }
            }
        }
    }

    private static List<(long, int, long)> Run(string yaml, string name, bool central, IRouter router, params string[] sets)
    {
        var scenario = ScenarioLoader.Parse(yaml, name, RepoPaths.File("scenarios"), sets);
        var setup = ScenarioCompiler.Compile(scenario).Setup with { CentralQueue = central, Router = () => router, DecodeRouter = () => router };
        var log = new Completions();
        ClusterRun.Execute(setup, null, RunObservers.FromLog(log));
        Assert.True(log.Rows.Count > 100);
        return log.Rows.Select(r => (r.Id, r.Replica, r.Done)).ToList();
    }

    [Theory]
    [InlineData("least_outstanding", false)]
    [InlineData("least_outstanding", true)]
    [InlineData("shortest_queue_tokens", false)]
    [InlineData("shortest_queue_tokens", true)]
    public void A_keyed_router_routes_every_request_as_its_own_scan_would(string routerName, bool central)
    {
        IRouter Make() => routerName == "least_outstanding" ? new LeastOutstandingRouter() : new ShortestQueueTokensRouter();

        // The default scenario pushed near its capacity, with small batch caps, so replicas fill (central queue) and ties occur.
        string[] sets = ["workloads.chat.arrival.rate=60", "deployments.llama-8b.max_batch=16", "run.duration=30s", "run.warmup=0s"];
        var scanned = Run(ScenarioLoader.DefaultYaml, "default.yaml", central, new ScanOnly(Make()), sets);
        var indexed = Run(ScenarioLoader.DefaultYaml, "default.yaml", central, Make(), sets);
        Assert.Equal(scanned, indexed);
    }

    [Fact]
    public void Prefill_and_decode_routing_by_the_tree_matches_the_scan()
    {
        var yaml = File.ReadAllText(RepoPaths.File("scenarios", "azure-conv-replay.yaml"));
        string[] sets = ["run.duration=2m"];
        var indexed = Run(yaml, "azure-conv-replay.yaml", false, new LeastOutstandingRouter(), sets);
        var scanned = Run(yaml, "azure-conv-replay.yaml", false, new ScanOnly(new LeastOutstandingRouter()), sets);
        Assert.Equal(scanned, indexed);
    }
}

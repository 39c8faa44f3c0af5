using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Workloads.Sizes;
using static ClusterSim.Model.Tests.Serving.Cluster.ServingTestKit;

namespace ClusterSim.Model.Tests.Serving.Cluster;

/// <summary>A KV hand-over runs at the slowest of the sender's link, the receiver's link and the fabric.</summary>
public sealed class KvTransferLinkTests
{
    private const int Prompt = 1000;
    private const double Fast = 50e9;
    private const double Slow = 1e9;

    private static double MeanE2e(double sendRate, double receiveRate, double fabric = double.PositiveInfinity)
    {
        // One request at a time (a request every 10 s, each done in well under a second): no queueing,
        // so every difference in end-to-end latency is the transfer's.
        var timer = new LinearIterationTimer(10_000_000);
        var done = new Completions();
        ClusterSim.Model.Runs.ClusterRun.Execute(new ServingSetup
        {
            Seed = 3,
            Classes = [new ClassSetup("c", _ => new ListRequestSource(Enumerable.Range(0, 40).Select(i => (10.0 * i, Prompt, 4))), Model.Metrics.SloTargets.None)],
            Pools =
            [
                Pool(1, Config(role: ReplicaRole.Prefill) with { NetworkBytesPerSecond = sendRate }, timer, name: "prefill"),
                Pool(1, Config(role: ReplicaRole.Decode) with { NetworkBytesPerSecond = receiveRate }, timer, name: "decode"),
            ],
            KvFabricBytesPerSecond = fabric,
        }, null, ClusterSim.Model.Runs.RunObservers.FromLog(done));
        Assert.Equal(40, done.E2e.Count);
        return done.E2e.Average(); // exact per request, not a histogram's bucketed mean
    }

    [Fact]
    public void Shrinking_either_end_or_the_fabric_slows_the_transfer_by_bytes_over_rate()
    {
        var fast = MeanE2e(Fast, Fast);
        var slowSender = MeanE2e(Slow, Fast);
        var slowReceiver = MeanE2e(Fast, Slow);
        var slowFabric = MeanE2e(Fast, Fast, fabric: Slow);

        // The context handed over is the prompt plus the first token, at 131,072 bytes each (ServingTestKit.Config).
        var bytes = (Prompt + 1) * 131_072.0;
        var expected = bytes / Slow - bytes / Fast;
        Assert.Equal(expected, slowSender - fast, expected * 0.01);
        Assert.Equal(expected, slowReceiver - fast, expected * 0.01);
        Assert.Equal(expected, slowFabric - fast, expected * 0.01);
    }

    [Fact]
    public void Two_senders_into_one_receiver_take_turns_on_its_link()
    {
        // Two prefill replicas finish together; the one decode replica's link takes one transfer at a time.
        var timer = new LinearIterationTimer(10_000_000);
        var setup = new ServingSetup
        {
            Seed = 1,
            Classes = [new ClassSetup("c", _ => new ListRequestSource([(0, Prompt, 4), (0, Prompt, 4)]), Model.Metrics.SloTargets.None)],
            Pools =
            [
                Pool(2, Config(role: ReplicaRole.Prefill) with { NetworkBytesPerSecond = Fast }, timer, name: "prefill"),
                Pool(1, Config(role: ReplicaRole.Decode) with { NetworkBytesPerSecond = Slow }, timer, name: "decode"),
            ],
            Router = () => new ClusterSim.Model.Serving.Routing.RoundRobinRouter(),
        };
        var done = new Completions();
        ClusterSim.Model.Runs.ClusterRun.Execute(setup, null, ClusterSim.Model.Runs.RunObservers.FromLog(done));

        var transfer = (Prompt + 1) * 131_072.0 / Slow;
        Assert.Equal(2, done.E2e.Count);
        Assert.Equal(transfer, Math.Abs(done.E2e[1] - done.E2e[0]), transfer * 0.02);
    }

    [Fact]
    public void A_disaggregated_deployment_without_a_network_says_which_link_it_takes()
    {
        var yaml = """
            name: split
            workloads:
              chat: {kind: text, model: llama-3.1-8b, arrival: {kind: poisson, rate: 1}, prompt_tokens: 500, output_tokens: 50}
            hardware:
              nodes:
                n: {count: 1, accelerator: h100-sxm, per_node: 8}
            deployments:
              pre: {model: llama-3.1-8b, nodes: n, tp: 1, replicas: 2, role: prefill}
              dec: {model: llama-3.1-8b, nodes: n, tp: 1, replicas: 2, role: decode}
            run: {duration: 10s}
            """;
        var compiled = ClusterSim.Model.Setup.ScenarioCompiler.Compile(ClusterSim.Scenarios.ScenarioLoader.Parse(yaml, "split.yaml", null, null));

        // No silent fallback: both ends name the rate they take (50 GB/s, a 400 Gb/s NIC) and why.
        Assert.Equal(2, compiled.Notes.Count(n => n.Contains("has no network, so its KV transfers run at 50 GB/s each way (the 400 Gb/s default", StringComparison.Ordinal)));
        Assert.Equal(50e9, compiled.Setup.KvLinkBytesPerSecond);
    }

    private sealed class Completions : IRequestLog
    {
        public List<double> E2e { get; } = [];

        public void Write(Model.Serving.Requests.TextRequest request, string className)
            => E2e.Add(Engine.Core.SimTime.ToSeconds(request.CompletedNs - request.ArrivalNs));
    }
}

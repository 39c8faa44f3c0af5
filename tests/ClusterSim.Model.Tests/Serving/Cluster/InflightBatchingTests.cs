using ClusterSim.Engine.Core;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Requests;
using ClusterSim.Model.Metrics;
using ClusterSim.Model.Workloads;
using static ClusterSim.Model.Tests.Serving.Cluster.ServingTestKit;

namespace ClusterSim.Model.Tests.Serving.Cluster;

/// <summary>
/// In-flight batching without chunked context (TensorRT-LLM's default), against hand-timed steps. One replica with a
/// 300-token step budget; a step costs 10 ms plus 10 us a prompt token. X (a 10-token prompt, at 0) starts a step of its
/// own (to 10.1 ms); Y (the same, at 0) joins the next beside X's decode (to 20.2 ms); then both decode every 10 ms (30.2,
/// 40.2, 50.2 ms). P1 (200 tokens) and P2 (150) arrive at 50 ms.
/// </summary>
public sealed class InflightBatchingTests
{
    private static readonly LinearIterationTimer Timer = new(10_000_000, perPrefillTokenNs: 10_000);

    private static (List<(long Prefill, int Decodes)> Steps, Dictionary<int, double> Ttft) Run(string policy)
    {
        var steps = new Steps();
        var log = new FirstTokens();
        ClusterRun.Execute(new ServingSetup
        {
            Seed = 1,
            Classes = [new ClassSetup("all", _ => new ListRequestSource([(0, 10, 100), (0, 10, 100), (0.05, 200, 5), (0.05, 150, 5)]), SloTargets.None)],
            Pools = [new PoolSetup("pool", 1, Config(maxBatchTokens: 300) with { Pool = "pool" }, Timer,
                () => Model.Serving.Batching.BatchPolicies.Create(policy, new Dictionary<string, double> { ["token_budget"] = 300 }))],
        }, null, RunObservers.FromTracer(steps), RunObservers.FromLog(log));
        return (steps.WithPrompts, log.Ttft);
    }

    [Fact]
    public void A_step_carries_every_decode_and_whole_prompts_within_the_budget_and_a_prompt_that_does_not_fit_waits()
    {
        var (steps, ttft) = Run("inflight");

        // At 50.2 ms: the two decodes and P1 whole (202 tokens); P2 would make 352, so it runs in the next step beside
        // three decodes. P1's first token at 50.2 + 12 = 62.2 ms (TTFT 12.2), P2's at 62.2 + 11.5 = 73.7 ms (TTFT 23.7).
        Assert.Equal([(10L, 0), (10L, 1), (200L, 2), (150L, 3)], steps);
        Assert.Equal(12.2, ttft[200] * 1e3, precision: 6);
        Assert.Equal(23.7, ttft[150] * 1e3, precision: 6);
    }

    [Fact]
    public void Chunked_prefill_at_the_same_budget_splits_the_prompt_that_does_not_fit()
    {
        // The difference that names the policies: chunked prefill fills the 50.2 ms step to 300 tokens with 98 of P2's.
        var (steps, _) = Run("chunked_prefill");

        Assert.Equal([(10L, 0), (10L, 1), (298L, 2), (52L, 3)], steps);
    }

    private sealed class Steps : IReplicaTracer
    {
        public List<(long Prefill, int Decodes)> WithPrompts { get; } = [];

        public void OnIteration(Replica replica, long startNs, long endNs, in BatchShape shape)
        {
            if (shape.PrefillTokens > 0)
            {
                WithPrompts.Add((shape.PrefillTokens, shape.DecodeSequences));
            }
        }

        public void OnPreemption(Replica replica, TextRequest victim, long nowNs)
        {
        }
    }

    private sealed class FirstTokens : IRequestLog
    {
        public Dictionary<int, double> Ttft { get; } = [];

        public void Write(TextRequest request, string className)
            => Ttft[request.PromptTokens] = SimTime.ToSeconds(request.FirstTokenNs - request.ArrivalNs);
    }
}

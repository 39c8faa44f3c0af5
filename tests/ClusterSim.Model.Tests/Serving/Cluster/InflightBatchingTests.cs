using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Requests;
using ClusterSim.Model.Metrics;
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

    private static (List<(long Prefill, int Decodes)> Steps, FirstTokenLog Ttft) Run(string policy)
    {
        var steps = new Steps();
        var log = new FirstTokenLog();
        ClusterRun.Execute(new ServingSetup
        {
            Seed = 1,
            Classes = [new ClassSetup("all", _ => new ListRequestSource([(0, 10, 100), (0, 10, 100), (0.05, 200, 5), (0.05, 150, 5)]), SloTargets.None)],
            Pools = [new PoolSetup("pool", 1, Config(maxBatchTokens: 300) with { Pool = "pool" }, Timer,
                () => Model.Serving.Batching.BatchPolicies.Create(policy, new Dictionary<string, double> { ["token_budget"] = 300 }))],
        }, null, RunObservers.FromTracer(steps), RunObservers.FromLog(log));
        return (steps.WithPrompts, log);
    }

    [Fact]
    public void A_step_carries_every_decode_and_whole_prompts_within_the_budget_and_a_prompt_that_does_not_fit_waits()
    {
        var (steps, ttft) = Run("inflight");

        // At 50.2 ms: the two decodes and P1 whole (202 tokens); P2 would make 352, so it runs in the next step beside
        // three decodes. P1's first token at 50.2 + 12 = 62.2 ms (TTFT 12.2), P2's at 62.2 + 11.5 = 73.7 ms (TTFT 23.7).
        Assert.Equal([(10L, 0), (10L, 1), (200L, 2), (150L, 3)], steps);
        Assert.Equal(12.2, ttft.OfPrompt(200) * 1e3, precision: 6);
        Assert.Equal(23.7, ttft.OfPrompt(150) * 1e3, precision: 6);
    }

    [Fact]
    public void Chunked_prefill_at_the_same_budget_splits_the_prompt_that_does_not_fit()
    {
        // The difference that names the policies: chunked prefill fills the 50.2 ms step to 300 tokens with 98 of P2's.
        var (steps, _) = Run("chunked_prefill");

        Assert.Equal([(10L, 0), (10L, 1), (298L, 2), (52L, 3)], steps);
    }

    [Fact]
    public void A_prompt_longer_than_the_whole_budget_goes_in_chunks_instead_of_blocking_the_queue()
    {
        // A 500-token prompt against a 300-token budget, a 100-token one behind it (both at 0): the first step takes 300
        // of the long one (13 ms); the second its last 200 and, whole, the short one, 300 tokens again: both first
        // tokens at 26 ms. Left waiting for a budget it can never fit, the long prompt would hold both back for good.
        var log = new FirstTokenLog();
        ClusterRun.Execute(new ServingSetup
        {
            Seed = 1,
            Classes = [new ClassSetup("all", _ => new ListRequestSource([(0, 500, 3), (0, 100, 3)]), SloTargets.None)],
            Pools = [new PoolSetup("pool", 1, Config(maxBatchTokens: 300) with { Pool = "pool" }, Timer,
                () => Model.Serving.Batching.BatchPolicies.Create("inflight"))],
        }, null, RunObservers.FromLog(log));

        Assert.Equal(2, log.Count);
        Assert.Equal(26.0, log.OfPrompt(500) * 1e3, precision: 6);
        Assert.Equal(26.0, log.OfPrompt(100) * 1e3, precision: 6);
    }

    [Fact]
    public void The_run_says_how_much_room_a_full_batch_leaves_and_what_happens_to_a_prompt_past_the_budget()
    {
        // MLPerf v4.1's H200 server file: max_batch 896, max_batch_tokens 8,192: 8,192 - 896 = 7,296 tokens beside a full batch.
        var compiled = ClusterSim.Model.Setup.ScenarioCompiler.Compile(ClusterSim.Scenarios.ScenarioLoader.Load(
            RepoPaths.File("scenarios", "validation", "mlperf41-h200-llama2-70b-server.yaml")));

        var note = Assert.Single(compiled.Notes, n => n.Contains("inflight batching", StringComparison.Ordinal));
        Assert.Contains("within max_batch_tokens (8192); beside a full batch of 896 decodes 7296 tokens are left", note);
        Assert.Contains("one longer than 8192 tokens, which TensorRT-LLM without chunked context would refuse, goes in chunks", note);
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
}

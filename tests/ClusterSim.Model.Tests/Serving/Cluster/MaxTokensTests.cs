using ClusterSim.Model.Metrics;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Workloads;
using ClusterSim.Model.Workloads.Sizes;
using static ClusterSim.Model.Tests.Serving.Cluster.ServingTestKit;

namespace ClusterSim.Model.Tests.Serving.Cluster;

/// <summary>
/// A request's max_tokens: the most output it asks for. An engine that reserves KV memory at admission cannot know where an
/// output will end, so it reserves for the prompt and max_tokens (TensorRT-LLM's guaranteed-no-evict scheduler:
/// getRemainingBlocksToCompletion counts mPromptLen + mMaxNewTokens); an output longer than the cap stops at it. The sizes
/// below are counted by hand in 16-token blocks.
/// </summary>
public sealed class MaxTokensTests
{
    private static readonly LinearIterationTimer Timer = new(8_000_000, perPrefillTokenNs: 60_000, perDecodeSequenceNs: 50_000, perContextTokenNs: 0.5);

    /// <summary>Every request at time zero, all alike: the batch the replica reaches is what admission lets in at once.</summary>
    private sealed class AllAtOnce(int count, int prompt, int output) : IRequestSource
    {
        private int _issued;

        public bool TryNext(out TextRequestSpec request)
        {
            request = new TextRequestSpec(0, prompt, output);
            return _issued++ < count;
        }
    }

    private static (ServingResult Result, ServingCluster Cluster) RunAllAtOnce(int? maxTokens, PreemptionMode mode, int output = 32,
        double reserve = 0)
    {
        var run = ClusterRun.Prepare(new ServingSetup
        {
            Seed = 4,
            Classes = [new ClassSetup("chat", _ => new AllAtOnce(200, 160, output), SloTargets.None) { MaxTokens = maxTokens }],
            Pools = [Pool(1, Config(kvBlocks: 1_000, maxSequences: 256, preemption: mode) with { AdmissionReserve = reserve }, Timer)],
        });
        return (run.Run(), run.Cluster);
    }

    [Fact]
    public void No_evict_admission_reserves_for_max_tokens_and_not_for_the_output_the_engine_cannot_know()
    {
        // A 160-token prompt asking for up to 800 tokens: its KV at its last possible token is 160 + 799 = 959 tokens,
        // 60 blocks, so 1,000 blocks admit floor(1,000 / 60) = 16 at once. Its real 32-token output would need
        // 160 + 31 = 191 tokens, 12 blocks: floor(1,000 / 12) = 83, what the replica admits with no cap.
        var (capped, cluster) = RunAllAtOnce(800, PreemptionMode.None);
        var (uncapped, _) = RunAllAtOnce(null, PreemptionMode.None);

        Assert.Equal(16, capped.Replicas[0].MaxBatchSize);
        Assert.Equal(83, uncapped.Replicas[0].MaxBatchSize);
        Assert.Equal(200, capped.Overall.Completed);
        Assert.Equal(200 * 32, capped.Overall.OutputTokens);
        Assert.Equal(0, capped.Overall.CutAtMaxTokens);

        // What each request reserved and did not use is paid back when it ends: nothing stays owed.
        Assert.Equal(0, cluster.Replicas[0].OwedBlocks);
        Assert.Equal(0, cluster.Replicas[0].Outstanding);
    }

    [Fact]
    public void Admission_that_does_not_reserve_runs_the_same_whatever_the_cap_above_the_outputs()
    {
        // vLLM's admission (recompute, no reserve) looks at what a request holds now, not at what it may ask for.
        var (capped, _) = RunAllAtOnce(800, PreemptionMode.Recompute);
        var (uncapped, _) = RunAllAtOnce(null, PreemptionMode.Recompute);

        Assert.Equal(uncapped.Replicas[0].MaxBatchSize, capped.Replicas[0].MaxBatchSize);
        Assert.Equal(uncapped.SimulatedNs, capped.SimulatedNs);
        Assert.Equal(uncapped.Overall.Ttft.ToSummary(), capped.Overall.Ttft.ToSummary());
    }

    [Fact]
    public void An_admission_reserve_keeps_its_share_of_what_running_requests_may_still_ask_for()
    {
        // SGLang's admission: a new request's own prompt and max_tokens whole, beside a share of what the running ones
        // may still generate. With a cap far above the outputs the share is of the cap, so fewer are let in than by
        // their real outputs, and more than by no-evict's whole reservation (16, above).
        var (capped, cluster) = RunAllAtOnce(800, PreemptionMode.Recompute, reserve: 0.1);
        var (uncapped, _) = RunAllAtOnce(null, PreemptionMode.Recompute, reserve: 0.1);

        Assert.InRange(capped.Replicas[0].MaxBatchSize, 17, uncapped.Replicas[0].MaxBatchSize - 1);
        Assert.Equal(200, capped.Overall.Completed);
        Assert.Equal(0, cluster.Replicas[0].OwedBlocks);
    }

    [Fact]
    public void An_output_longer_than_max_tokens_stops_there_and_is_counted()
    {
        // 500-token outputs under a 300-token cap: every request ends at 300 tokens, as an engine's length limit stops it.
        var (result, _) = RunAllAtOnce(300, PreemptionMode.Recompute, output: 500);

        Assert.Equal(200, result.Overall.Completed);
        Assert.Equal(200L * 300, result.Overall.OutputTokens);
        Assert.Equal(200, result.Overall.CutAtMaxTokens);
        Assert.True(result.Overall.Capped);
    }

    [Fact]
    public void A_request_whose_reservation_can_never_fit_is_dropped_with_the_reason()
    {
        // Prompt 160 and max_tokens 16,000: 16,159 tokens, 1,010 blocks, more than the replica's 1,000. No-evict admission
        // would wait for it forever; its real 32-token output would fit, but the engine cannot know that.
        var (result, _) = RunAllAtOnce(16_000, PreemptionMode.None);

        Assert.Equal(200, result.Overall.Dropped);
        Assert.Equal(0, result.Overall.Completed);
        Assert.Contains(result.Notes, n => n.Contains("max_tokens 16000", StringComparison.Ordinal));
    }

    [Fact]
    public void A_request_larger_than_the_cache_is_dropped_and_the_run_says_so_where_nothing_reserves()
    {
        // A 16,000-token prompt with one output token holds 16,000 tokens at its last, 1,000 blocks of 16: it fits 1,000
        // blocks exactly; at 16,001 it needs 1,001 and can never be admitted, reservation or not.
        static ServingResult RunOne(int prompt) => ClusterRun.Execute(new ServingSetup
        {
            Seed = 4,
            Classes = [new ClassSetup("long", _ => new AllAtOnce(3, prompt, 1), SloTargets.None)],
            Pools = [Pool(1, Config(kvBlocks: 1_000, maxSequences: 256, maxBatchTokens: 20_000, preemption: PreemptionMode.Recompute), Timer)],
        });

        var fits = RunOne(16_000);
        Assert.Equal(3, fits.Overall.Completed);
        Assert.DoesNotContain(fits.Notes, n => n.Contains("can never fit", StringComparison.Ordinal));

        var unfit = RunOne(16_001);
        Assert.Equal(3, unfit.Overall.Dropped);
        Assert.Contains(unfit.Notes, n => n.StartsWith("3 text requests were dropped because they can never fit a replica's KV cache", StringComparison.Ordinal)
            && n.Contains("needs 1001 KV blocks, the replica holds 1000", StringComparison.Ordinal));
    }
}

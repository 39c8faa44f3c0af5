using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Serving.Cluster;

/// <summary>
/// A replica serving a model with local-attention layers tells the timer, at every step, the tokens those layers skip:
/// exactly the sum over its decoding sequences, through the kinks where a window fills or a chunk starts, and decode runs
/// (one event for many steps) give what one event per step gives. Fewer attended tokens make the steps shorter, never longer.
/// </summary>
public sealed class LocalAttentionServingTests
{
    private sealed class Steps : IRunObserver
    {
        public RunEvents Events => RunEvents.Iterations;

        public List<(long Context, int Sequences, double Skipped, long Ns)> Decodes { get; } = [];

        public void OnIteration(Replica replica, long startNs, long endNs, in BatchShape shape)
        {
            if (shape.PrefillTokens == 0 && shape.DecodeSequences > 0)
            {
                Decodes.Add((shape.DecodeContextTokens, shape.DecodeSequences, shape.DecodeSkippedTokens, endNs - startNs));
            }
        }
    }

    // Llama 3.1 8B with 24 of its 32 layers local (a share of 3/4, so every skip is exact in binary).
    private static string[] Sets(string local, params string[] more) =>
    [
        "models.m={from: llama-3.1-8b}", "workloads.chat.model=m", "deployments.llama-8b.model=m",
        .. local.Length == 0 ? Array.Empty<string>() : [$"models.m.local_attention={local}"], .. more,
    ];

    [Theory]
    [InlineData("sliding", 300)]
    [InlineData("chunked", 64)]
    public void A_lone_sequence_is_told_its_skip_at_every_step_through_the_kinks(string kind, int window)
    {
        // One request at a time (a slow arrival rate), 250 prompt tokens and 400 output: the window fills at step 50,
        // and chunks of 64 start every 64 steps, each inside what would otherwise be one decode run.
        var scenario = ScenarioLoader.LoadDefault(Sets($"{{kind: {kind}, window: {window}, layers: 24}}",
            "run.duration=20s", "workloads.chat.arrival.rate=0.1", "workloads.chat.prompt_tokens={kind: constant, value: 250}",
            "workloads.chat.output_tokens={kind: constant, value: 400}"));
        var steps = new Steps();
        ClusterRun.Execute(ScenarioCompiler.Compile(scenario).Setup with { Seed = 1 }, null, steps);

        var local = new ClusterSim.Model.Performance.LocalAttention(kind == "chunked", window, 24, 32);
        var lone = steps.Decodes.Where(s => s.Sequences == 1).ToList();
        Assert.True(lone.Count > 300, $"{lone.Count} single-sequence decode steps");
        Assert.True(lone.Select(s => s.Skipped).Distinct().Count() > 3, "the skip should change along the output");
        foreach (var s in lone)
        {
            Assert.Equal(local.Skipped(s.Context), s.Skipped);
        }
    }

    [Theory]
    [InlineData("{kind: sliding, window: 512, layers: 24}")]
    [InlineData("{kind: chunked, window: 256, layers: 24}")]
    public void Decode_runs_give_exactly_the_results_of_one_event_per_iteration(string local)
    {
        var compiled = ScenarioCompiler.Compile(ScenarioLoader.LoadDefault(Sets(local, "run.duration=30s")));
        var fast = ClusterRun.Execute(compiled.Setup with { Seed = 1 });
        var slow = ClusterRun.Execute(compiled.Setup with { Seed = 1 }, new RunOptions { OneEventPerIteration = true });
        Assert.True(slow.Events > 2 * fast.Events, $"runs should carry many steps: {fast.Events} events against {slow.Events}");
        Assert.Equal(slow.SimulatedNs, fast.SimulatedNs);
        Assert.Equal(slow.Overall.Tbt.ToSummary(), fast.Overall.Tbt.ToSummary());
        Assert.Equal(slow.Overall.E2e.ToSummary(), fast.Overall.E2e.ToSummary());
        Assert.Equal(slow.Overall.Ttft.ToSummary(), fast.Overall.Ttft.ToSummary());
    }

    private sealed class MostSequences : IRunObserver
    {
        public RunEvents Events => RunEvents.Iterations;

        public int Most { get; private set; }

        public long PromptTokens { get; private set; }

        public void OnIteration(Replica replica, long startNs, long endNs, in BatchShape shape)
        {
            Most = Math.Max(Most, shape.Sequences);
            PromptTokens += shape.PrefillTokens;
        }
    }

    [Theory]
    // 1,000 blocks of 16 tokens; 400 requests of 500 prompt and 100 output tokens at once, each admitted for its whole
    // life (no preemption). Without local layers a sequence's last context, 599 tokens, takes 38 blocks: 26 fit. With 24
    // of 32 layers sliding over 256 tokens, the pool counts the 8 whole-context layers' bytes a token and each sequence
    // also holds its window, 3 pool tokens a token for 256 tokens: 599 + 768 = 1,367 tokens, 86 blocks: 11 fit.
    [InlineData(0.0, 26)]
    [InlineData(3.0, 11)]
    public void A_sequence_holds_its_context_and_its_local_layers_window_in_the_pool(double windowPerToken, int fit)
    {
        var config = ServingTestKit.Config(kvBlocks: 1000, preemption: ClusterSim.Model.Serving.PreemptionMode.None) with
        {
            LocalAttention = new ClusterSim.Model.Performance.LocalAttention(false, 256, 24, 32),
            WindowPoolTokensPerToken = windowPerToken,
        };
        var setup = new ClusterSim.Model.Serving.Cluster.ServingSetup
        {
            Classes = [ServingTestKit.PoissonClass("c", 1e6, new ClusterSim.Model.Workloads.Sizes.ConstantSize(500), new ClusterSim.Model.Workloads.Sizes.ConstantSize(100), 400)],
            Pools = [ServingTestKit.Pool(1, config, new LinearIterationTimer(1_000_000, perPrefillTokenNs: 1_000, perDecodeSequenceNs: 10_000))],
        };
        var most = new MostSequences();
        var result = ClusterRun.Execute(setup with { Seed = 1 }, null, most);
        Assert.Equal(400, result.Overall.Completed);
        Assert.Equal(fit, most.Most);
        Assert.Equal(400L * 500, most.PromptTokens); // the window is memory, not work: every prompt is computed once, whole

    }

    [Fact]
    public void A_window_no_context_reaches_skips_nothing_and_a_short_one_shortens_the_steps()
    {
        static (double Mean, long Skipped) Run(string local)
        {
            var steps = new Steps();
            ClusterRun.Execute(ScenarioCompiler.Compile(ScenarioLoader.LoadDefault(Sets(local, "run.duration=20s"))).Setup with { Seed = 1 }, null, steps);
            return (steps.Decodes.Average(s => (double)s.Ns / s.Sequences), steps.Decodes.Count(s => s.Skipped > 0));
        }

        // A window longer than any prompt plus output (8,192 + 2,048) skips no token; the run differs from the plain
        // model's only in its KV pool, which reserves each sequence's local window when it is admitted (the test above).
        var full = Run("");
        var unreached = Run("{kind: sliding, window: 100000, layers: 24}");
        var sliding = Run("{kind: sliding, window: 128, layers: 24}");
        Assert.Equal(0, unreached.Skipped);
        Assert.True(sliding.Skipped > 0);
        Assert.True(sliding.Mean < full.Mean, $"a 128-token window on 3 of 4 layers: {sliding.Mean:F0} ns a sequence-step against {full.Mean:F0}");
    }
}

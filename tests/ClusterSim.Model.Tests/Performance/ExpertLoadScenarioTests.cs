using ClusterSim.Model.Hardware;
using ClusterSim.Model.Performance;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using Xunit.Abstractions;
using MlaSpec = ClusterSim.Model.Performance.MlaSpec;
using MoeSpec = ClusterSim.Model.Performance.MoeSpec;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>
/// A router's skew over the experts, as a run takes it: which figures it used, said in its notes, and what it changes
/// in a step (the busiest rank's expert GEMMs and its dispatch, nothing else).
/// </summary>
public sealed class ExpertLoadScenarioTests(ITestOutputHelper output)
{
    private static IReadOnlyList<string> Notes(string file, params string[] overrides)
        => ScenarioCompiler.Compile(ScenarioLoader.Load(RepoPaths.File("scenarios", file), overrides)).Notes;

    [Fact]
    public void A_run_says_which_router_skew_it_priced_the_busiest_rank_with()
    {
        // DeepSeek-V3 has no published routing statistics: equally popular experts, said as the least imbalance.
        Assert.Contains(Notes("deepseek-dp-attention.yaml"), n => n.Contains("has no measured routing skew", StringComparison.Ordinal));

        // DeepSeek-R1's entry carries TensorRT-LLM's measurement.
        var r1 = Notes(Path.Combine("validation", "trtllm-pytorch-deepseek-r1-8xh200.yaml"));
        var note = Assert.Single(r1, n => n.Contains("expert parallelism:", StringComparison.Ordinal));
        output.WriteLine(note);
        Assert.Contains("measured router skew", note, StringComparison.Ordinal);
        Assert.Contains("1.282", note, StringComparison.Ordinal);
        Assert.Contains("0.212 of the mean", note, StringComparison.Ordinal); // 1.282 x sqrt((1 - 1/8) / 32)
        // The busiest of 8 at large batches, by hand from below: the normal tail, 1 + 1.4236 x 0.212 = 1.302, and the rank
        // with the hottest expert, (11.948 + 31 x 244.052 / 255) / 32 = 1.301; the gamma tail of a right-skewed load lies
        // above the normal one, and within a few per cent of sampled routing (ExpertLoadTests), so under 1.37.
        var busiest = double.Parse(System.Text.RegularExpressions.Regex.Match(note, @"the busiest rank carries ([0-9.]+) times the mean").Groups[1].Value,
            System.Globalization.CultureInfo.InvariantCulture);
        output.WriteLine($"busiest rank at large batches: {busiest} times the mean");
        Assert.InRange(busiest, 1.302, 1.37);
        Assert.Contains("the busiest rank carries 1.321 times the mean", note, StringComparison.Ordinal);

        // A deployment's own figures replace the model's, and cv 0 is said as a balanced placement.
        Assert.Contains(Notes("deepseek-dp-attention.yaml", "deployments.deepseek.expert_load.cv=0.5"),
            n => n.Contains("from the deployment's expert_load", StringComparison.Ordinal));
        Assert.Contains(Notes("deepseek-dp-attention.yaml", "deployments.deepseek.expert_load.cv=0"),
            n => n.Contains("as the deployment's expert_load says", StringComparison.Ordinal));
    }

    [Fact]
    public void A_run_says_how_attention_dp_moves_the_tokens_to_their_experts_and_in_which_format()
    {
        // Gathered by default; DeepSeek's block-scaled FP8 is given bf16 in the example, as TensorRT-LLM gathers it.
        var gathered = Assert.Single(Notes("deepseek-dp-attention.yaml"), n => n.Contains("each MoE layer", StringComparison.Ordinal));
        output.WriteLine(gathered);
        Assert.Contains("gathers every rank's tokens to every rank and reduce-scatters the experts' outputs back", gathered, StringComparison.Ordinal);
        Assert.Contains("hidden states go out in bf16, as the deployment's expert_exchange.dispatch says, outputs return in bf16", gathered, StringComparison.Ordinal);

        // Without a dispatch format, an FP8 checkpoint's (Qwen3's) tokens go out in FP8, and the run says how to change it.
        var qwen = Assert.Single(Notes(Path.Combine("validation", "trtllm-pytorch-qwen3-235b-8xh200.yaml")), n => n.Contains("each MoE layer", StringComparison.Ordinal));
        Assert.Contains("hidden states go out in fp8, the format the experts' GEMMs take", qwen, StringComparison.Ordinal);
        Assert.Contains("set expert_exchange.dispatch", qwen, StringComparison.Ordinal);

        // All-to-all, where the deployment says so.
        var sent = Assert.Single(Notes("deepseek-dp-attention.yaml", "deployments.deepseek.expert_exchange.kind=all_to_all"),
            n => n.Contains("each MoE layer", StringComparison.Ordinal));
        // DeepSeek-V3's 8 experts of 256 on 8 ranks of 32: 8 x (1 - C(224, 8) / C(256, 8)) = 5.29 ranks a token.
        Assert.Contains("sends each token once to every rank holding one of its experts", sent, StringComparison.Ordinal);
        Assert.Contains("5.29 ranks a token under uniform routing", sent, StringComparison.Ordinal);

        // Under attention tp the example's exchange does nothing, and the run says so rather than refusing the comparison.
        var tp = Notes("deepseek-dp-attention.yaml", "deployments.deepseek.attention=tp");
        Assert.DoesNotContain(tp, n => n.Contains("each MoE layer", StringComparison.Ordinal));
        Assert.Contains(tp, n => n.Contains("expert_exchange is not used", StringComparison.Ordinal));
    }

    [Fact]
    public void Skew_lengthens_only_the_busiest_ranks_expert_gemms_and_an_all_to_all_exchange()
    {
        var uniform = Step(ExpertPopularity.Uniform, ExpertExchange.AllToAll);
        var skewed = Step(new ExpertPopularity(1.282, 11.948, "tech blog 4"), ExpertExchange.AllToAll);

        // Work every rank does for its own tokens is the same, and so are the weights read (the experts a batch touches
        // stay uniform routing's: WorkModel.TouchedExperts).
        Assert.Equal(uniform.DenseGemmSeconds, skewed.DenseGemmSeconds, 12);
        Assert.Equal(uniform.AttentionSeconds, skewed.AttentionSeconds, 12);
        Assert.Equal(uniform.WeightStreamSeconds, skewed.WeightStreamSeconds, 12);

        // The experts' GEMMs grow as the busiest rank's load: 65,536 tokens x 8 over 8 ranks of 32 experts, over 2,000
        // rows an expert on the busiest rank, so the 64-row tiles round by under 3 %.
        var ratio = ExpertLoad.Busiest(524_288, 8, 256, new ExpertPopularity(1.282, 11.948, "")) / ExpertLoad.Busiest(524_288, 8);
        output.WriteLine($"busiest-load ratio {ratio:F3}; expert GEMMs {skewed.ExpertGemmSeconds / uniform.ExpertGemmSeconds:F3}; " +
                         $"collectives {skewed.CollectiveSeconds / uniform.CollectiveSeconds:F3}");
        Assert.InRange(ratio, 1.25, 1.35);
        Assert.InRange(skewed.ExpertGemmSeconds / uniform.ExpertGemmSeconds / ratio, 0.97, 1.03);

        // The dispatch and combine last as long as the busiest rank's receiving side: at this size their time is nearly
        // all bytes, so it grows by the same ratio, less the fixed latency of each exchange.
        Assert.InRange(skewed.CollectiveSeconds / uniform.CollectiveSeconds, 0.98 * ratio, ratio + 1e-9);

        // Gathered, every rank receives every token whatever the routing: the skew leaves the exchange as it was.
        Assert.Equal(Step(ExpertPopularity.Uniform, ExpertExchange.AllGather).CollectiveSeconds,
            Step(new ExpertPopularity(1.282, 11.948, "tech blog 4"), ExpertExchange.AllGather).CollectiveSeconds, 12);
    }

    private static StepBreakdown Step(ExpertPopularity popularity, ExpertExchange exchange)
    {
        var deployment = new Deployment
        {
            Model = new LlmArchitecture
            {
                Key = "deepseek-v3", ParamsB = 671, ActiveParamsB = 37, Layers = 61, HiddenSize = 7168, Heads = 128, FfnSize = 18432,
                VocabSize = 129280, Moe = new MoeSpec(256, 8, 2048, SharedExperts: 1, DenseLayers: 3),
                Mla = new MlaSpec(KvLoraRank: 512, QkRopeHeadDim: 64, QLoraRank: 1536, QkNopeHeadDim: 128, VHeadDim: 128),
            },
            Accelerator = ReferenceAccelerators.H100Sxm, WeightPrecision = Precision.Fp8, KvCachePrecision = Precision.Bf16,
            TensorParallel = 8, AcceleratorsPerNode = 8, ExpertParallel = 8, AttentionDataParallel = true,
            ExpertPopularity = popularity, ExpertExchange = exchange,
        };
        var model = ExecutionModels.Create("roofline", new ExecutionModelContext
        {
            Deployment = deployment,
            Efficiency = new EfficiencyParams { Accelerator = "h100-sxm", Stack = "test", ComputeEfficiency = 0.5, MemoryEfficiency = 0.8 },
        });
        return ((IStepBreakdown)model).Breakdown(IterationShape.Decode(65_536, 1000));
    }
}

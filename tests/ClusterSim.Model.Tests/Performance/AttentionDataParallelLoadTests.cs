using ClusterSim.Model.Hardware;
using ClusterSim.Model.Performance;
using Precision = ClusterSim.Scenarios.Precision;
using ExpertExchange = ClusterSim.Scenarios.ExpertExchange;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>
/// The busiest rank of an attention-data-parallel step (AttentionDataParallelLoad): decodes spread evenly, whole prompts
/// one to a rank, and the step's attention and dense layers priced at that rank, as TensorRT-LLM's attention-DP
/// iterations are timed by their slowest rank.
/// </summary>
public sealed class AttentionDataParallelLoadTests
{
    [Theory]
    // decodes, prompts, ranks, the busiest rank's decode and prompt factors over the mean rank (by hand: R x ceil(n / R) / n)
    [InlineData(1024, 0, 8, 1.0, 1.0)]            // 128 decodes on every rank
    [InlineData(1024, 1, 8, 1.0, 8.0)]            // a lone prompt: one rank holds all of it
    [InlineData(1020, 4, 8, 8.0 * 128 / 1020, 2.0)] // 128 decodes on the busiest rank of 127.5; 1 prompt of 0.5
    [InlineData(9, 16, 8, 16.0 / 9, 1.0)]         // two sequences on the busiest rank of 9 / 8; prompts even
    [InlineData(1, 1, 1, 1.0, 1.0)]               // one rank: nothing to balance
    [InlineData(0, 0, 8, 1.0, 1.0)]
    public void The_busiest_rank_holds_the_ceiling_of_decodes_and_of_whole_prompts(long decodes, long prompts, int ranks, double decode, double prefill)
    {
        var (d, p) = AttentionDataParallelLoad.Factors(decodes, prompts, ranks);
        Assert.Equal(decode, d, 12);
        Assert.Equal(prefill, p, 12);
    }

    private static readonly LlmArchitecture DeepSeekV3 = new()
    {
        Key = "deepseek-v3", ParamsB = 671, ActiveParamsB = 37, Layers = 61, HiddenSize = 7168, Heads = 128, FfnSize = 18432,
        VocabSize = 129280, Moe = new MoeSpec(256, 8, 2048, SharedExperts: 1, DenseLayers: 3),
        Mla = new MlaSpec(KvLoraRank: 512, QkRopeHeadDim: 64, QLoraRank: 1536, QkNopeHeadDim: 128, VHeadDim: 128),
    };

    private static IStepBreakdown Model(bool attentionDp, ExpertExchange exchange = ExpertExchange.AllGather, Precision? dispatch = null)
        => (IStepBreakdown)Roofline(attentionDp, exchange, dispatch);

    private static IExecutionModel Roofline(bool attentionDp, ExpertExchange exchange = ExpertExchange.AllGather, Precision? dispatch = null)
        => ExecutionModels.Create(ExecutionModels.RooflineName, new ExecutionModelContext
    {
        Deployment = new Deployment
        {
            Model = DeepSeekV3, Accelerator = ReferenceAccelerators.H100Sxm, WeightPrecision = Precision.Fp8,
            KvCachePrecision = Precision.Bf16, TensorParallel = 8, AcceleratorsPerNode = 8,
            ExpertParallel = attentionDp ? 8 : 1, AttentionDataParallel = attentionDp, ExpertExchange = exchange, DispatchPrecision = dispatch,
        },
        Efficiency = new EfficiencyParams { Accelerator = "h100-sxm", Stack = "test", ComputeEfficiency = 0.7, MemoryEfficiency = 0.9 },
    });

    [Fact]
    public void A_lone_prompt_costs_the_attention_and_dense_layers_what_one_prompt_on_every_rank_costs()
    {
        // 1,016 decodes (127 a rank) and one 1,024-token prompt: the rank holding the prompt runs 127 + 1,024 tokens
        // through its attention and dense layers while the others run 127, and every MoE layer waits for it. So those
        // terms equal a step in which every rank has a prompt (8 prompts, 127 + 1,024 on each); only the routed experts,
        // pooled over the ranks, see the difference (8 times the prompt tokens).
        var model = Model(attentionDp: true);
        var lone = model.Breakdown(IterationShape.Decode(1016, 2000) + IterationShape.Prefill(1, 1024));
        var everyRank = model.Breakdown(IterationShape.Decode(1016, 2000) + IterationShape.Prefill(8, 1024));
        Assert.Equal(everyRank.DenseGemmSeconds, lone.DenseGemmSeconds, 1e-12);
        Assert.Equal(everyRank.AttentionSeconds, lone.AttentionSeconds, 1e-12);
        Assert.True(lone.ExpertGemmSeconds < everyRank.ExpertGemmSeconds);

        // Spread evenly (the mean rank, 127 + 128 tokens) the dense layers would cost about a fifth: the rule moves them.
        var balanced = model.Breakdown(IterationShape.Decode(2040, 2000));
        Assert.True(lone.DenseGemmSeconds > 4 * balanced.DenseGemmSeconds);
    }

    [Fact]
    public void The_busiest_rank_sets_the_exchange_and_the_experts_outputs_stay_at_the_pooled_mean()
    {
        // By hand, over NVLink 4 (450 GB/s each way; link efficiency 1 and no step latency in these factors), for each of
        // 58 MoE layers. Gathered (the default): every rank's own tokens, 1,016 + 1,024 (FP8 tokens are not padded), so an
        // all-gather of 2,040 FP8 hidden states (7,168 bytes each) and a reduce-scatter of as many bf16 outputs, each 7
        // steps of one link latency and 7/8 of the buffer over each rank's link. With NVFP4 tokens, which TensorRT-LLM
        // pads, every rank's part is the busiest rank's 127 + 1,024.
        var link = ReferenceAccelerators.H100Sxm.ScaleUp!;
        double Ring(double bytes) => 7 * link.LatencyUs * 1e-6 + 7.0 / 8 * bytes / link.BytesPerSecondEachWay;
        var model = Model(attentionDp: true);
        var lone = model.Breakdown(IterationShape.Decode(1016, 2000) + IterationShape.Prefill(1, 1024));
        Assert.Equal(58 * (Ring(2040.0 * 7168) + Ring(2040.0 * 7168 * 2)), lone.CollectiveSeconds, 1e-12);
        const double padded = 8.0 * (127 + 1024);
        var fourBit = Model(attentionDp: true, dispatch: Precision.Fp4).Breakdown(IterationShape.Decode(1016, 2000) + IterationShape.Prefill(1, 1024));
        Assert.Equal(58 * (Ring(padded * 7168 * 0.5625) + Ring(padded * 7168 * 2)), fourBit.CollectiveSeconds, 1e-12);

        // By all-to-all: the rank holding the prompt sends each of its 1,151 tokens to the 5.29465 ranks its 8 experts of
        // 256 live on (RooflineHandCalculationTests), more than any rank receives, FP8 out and bf16 back.
        const double copies = 1151 * 5.2946520;
        var byAllToAll = Model(attentionDp: true, ExpertExchange.AllToAll).Breakdown(IterationShape.Decode(1016, 2000) + IterationShape.Prefill(1, 1024)).CollectiveSeconds;
        Assert.Equal(58 * (Ring(copies * 7168) + Ring(copies * 7168 * 2)), byAllToAll, 1e-9);

        // The experts' outputs (written at full width, read back to be weighed: 2 x 8 x 7,168 BF16 values a token and MoE
        // layer) lie on the experts' ranks, an eighth of the replica's tokens each, whoever's sequences they are: so eight
        // prompts cost the element-wise kernels 7 x 1,024 tokens' outputs more than the lone prompt, and each rank's
        // finalize a full-width bf16 row for each of the 7 x 1,024 more gathered tokens, and nothing else (their other
        // traffic is the busiest rank's, the same 127 + 1,024 tokens in both).
        var everyRank = model.Breakdown(IterationShape.Decode(1016, 2000) + IterationShape.Prefill(8, 1024));
        var outputs = 7.0 * 1024 * 58 * 2 * 8 * 7168 * 2 / 8    // bytes, over the H100's 3.35 TB/s at the memory efficiency 0.9
                      + 7.0 * 1024 * 58 * 7168 * 2;
        Assert.Equal(outputs / (3350e9 * 0.9), everyRank.ElementwiseSeconds - lone.ElementwiseSeconds, 1e-12);
    }

    [Theory]
    [InlineData(true, ExpertExchange.AllGather, null)]
    [InlineData(true, ExpertExchange.AllGather, Precision.Fp4)]   // padded to the busiest rank
    [InlineData(true, ExpertExchange.AllToAll, null)]
    [InlineData(false, ExpertExchange.AllGather, null)]
    public void The_decode_run_equals_one_prediction_per_step_bit_for_bit_with_mla_and_attention_dp(bool attentionDp, ExpertExchange exchange, Precision? dispatch)
    {
        // The simulator's innermost loop prices a decode run in one pass; with MLA's absorbed decode and the busiest rank's
        // factor (a batch that does not divide over the ranks) it must still give Predict's very durations and ends,
        // whichever way the experts' tokens are exchanged.
        var model = Roofline(attentionDp, exchange, dispatch);
        var runs = (IDecodeRunPredictor)model;
        var rng = new Random(7);
        for (var trial = 0; trial < 200; trial++)
        {
            var first = IterationShape.Decode(rng.Next(1, 1100), rng.Next(1, 3_000_000));
            var steps = rng.Next(2, 200);
            var run = new long[steps];
            runs.PredictDecodeRun(in first, run);
            var ends = new long[steps];
            var written = runs.PredictDecodeRunEnds(in first, ends, 1_000, long.MaxValue);
            Assert.Equal(steps, written);
            var step = first;
            var end = 1_000L;
            for (var j = 0; j < steps; j++)
            {
                var ns = model.Predict(step).DurationNs;
                Assert.Equal(ns, run[j]);
                end += Math.Max(ns, 1);
                Assert.Equal(end, ends[j]);
                step = step with { DecodeContextTokens = step.DecodeContextTokens + step.DecodeSequences };
            }
        }
    }

    [Fact]
    public void Under_tensor_parallelism_every_rank_shares_every_token_and_nothing_waits_for_a_busiest_rank()
    {
        // The same lone prompt with tensor-parallel attention: each rank computes an eighth of every token, so one prompt
        // costs the dense layers an eighth of what eight prompts cost (the head sampled once per sequence aside).
        var model = Model(attentionDp: false);
        var one = model.Breakdown(IterationShape.Decode(1016, 2000) + IterationShape.Prefill(1, 1024));
        var eight = model.Breakdown(IterationShape.Decode(1016, 2000) + IterationShape.Prefill(8, 1024));
        Assert.True(one.DenseGemmSeconds < 0.35 * eight.DenseGemmSeconds);
    }
}

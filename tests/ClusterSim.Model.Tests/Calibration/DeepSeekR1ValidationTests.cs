using System.Globalization;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Calibration;

/// <summary>
/// CHECKS, not fits, and a KNOWN GAP asserted as the band it is in: TensorRT-LLM's DeepSeek-R1 max-throughput rows as
/// NVIDIA publishes them ("How to get best performance on DeepSeek-R1 in TensorRT-LLM": 8x H200 with DeepSeek's FP8
/// checkpoint and a BF16 KV cache; 8x B200 with the NVFP4 checkpoint, BF16 and FP8 KV caches; 1,024 / 2,048 tokens, every
/// request at once up to the concurrency, attention data parallel with the 256 experts over the 8 ranks). The first
/// rows of multi-head latent attention the model is held to. First run 2026-12-05 after every factor was set; nothing was
/// set from them. Two changes of that day moved them, neither with a parameter: MLA's absorbed decode FLOPs (from the
/// engines' kernels; attention 2.1 times the KV read's time on the B200 rows) and a step priced at its busiest rank
/// (AttentionDataParallelLoad, its form from TensorRT-LLM's ADP blog). The second was looked for while reading the H200
/// row's gap, so that row is weaker evidence for it (it moved 4.7 points; its prompts arrive eight at a time); the
/// evidence is the 34 Qwen3 and Scout rows, which all moved toward their measurements. The H200 row reads
/// 1.5 times the measurement (+56.9 % when first run, +52.2 % with the busiest rank), the B200 rows 1.7 times
/// (+77.9 and +98.6 %, then +69.4 and +69.8 % with the absorbed decode): the largest gaps of any serving row, in the
/// same direction as the other attention-DP mixtures of experts (Qwen3, Llama 4 Scout: 21 to 88 % fast). What is known not
/// to cause them: the KV cache (half full at most in the simulation, so the batch is the configured one) and the prompts
/// (1 of every 3 tokens). Since 2026-12-05 (a later session) the experts' routing is DeepSeek-R1's measured skew
/// (models.yaml load_cv 1.282, hottest_load 11.948, from TensorRT-LLM tech blog 4's translation-set statistics, not from
/// these rows), which puts the busiest of 8 ranks at 1.30 times the mean load where uniform routing gave about 1.02 to
/// 1.04: +46.9 to +41.8 % on the H200, +69.4 to +62.6 and +69.8 to +60.0 % on the B200s. These rows' prompts are random
/// token ids (token-norm-dist), whose routing may be more skewed still (mock tokens overstate routing concentration by up
/// to 2.35 times in DODOCO, arXiv 2605.20982) or less; no statistic of them is published. Since a later session of that
/// day each MoE layer gathers every rank's tokens to every rank and reduce-scatters the outputs back, as TensorRT-LLM
/// does with 8 ranks and 8 experts a token (its all-to-all needs more ranks, and multi-node NVLink), the tokens in bf16 on
/// the H200 (DeepSeek's block-scaled FP8 is quantised inside the MoE kernel) and in NVFP4 on the B200s (quantised before
/// the gather), the outputs in bf16; the all-to-all before moved each token's 8 copies in bf16 both ways, received at the
/// busiest rank's skewed load (1.30 times the mean), and the finalize's full-width rows before the reduce-scatter were
/// not counted. The rows moved away, +41.8 to +47.2 % (its bf16 tokens gathered as each rank has them) and +62.6 /
/// +60.0 to +82.7 / +81.4 %: on the B200s the NVFP4 tokens are 0.28 of bf16's bytes and the gather does not wait for the
/// hot experts' rank, so the exchange, 30 % of a step of 8,192 tokens before, is 18 % now; what it hid lies elsewhere.
/// Not in the NVFP4 experts' weight stream or launches: TensorRT-LLM's own timings of DeepSeek-V3's routed-expert module
/// on one B200 (TP8, up to 12 tokens an expert) are priced within -15 to +7 % from 8 tokens (B200Nvfp4MoeModuleTests).
/// Open: the grouped FP8 and NVFP4 GEMMs at 30 to 220 tokens an expert, no kernel of which was timed, and the runtime
/// between kernels (CUDA graphs at batch 128 only on the H200 row). README, known gaps.
/// </summary>
public sealed class DeepSeekR1ValidationTests(ITestOutputHelper output)
{
    [Theory]
    // file, requests, band of the error (the measured output tokens/s, the blog's "Total Output Throughput": the file's figure)
    [InlineData("trtllm-pytorch-deepseek-r1-8xh200.yaml", 5120, 0.42, 0.52)]          // +47.2 % (+41.8 % with the all-to-all; +46.9 % with uniform routing)
    [InlineData("trtllm-pytorch-deepseek-r1-8xb200-fp16kv.yaml", 49152, 0.612, 0.712)]  // +67.2 % (+66.2 % before the B200's measured bandwidth share; +82.7 % with its FP8 share spread over every GEMM, before part: dense; +62.6 %; +69.4 %)
    [InlineData("trtllm-pytorch-deepseek-r1-8xb200-fp8kv.yaml", 114688, 0.593, 0.693)]  // +65.0 % (+64.3 % before the B200's measured bandwidth share; +81.4 % spread, before part: dense; +60.0 %; +69.8 %)
    public void Max_throughput_rows_of_NVIDIAs_DeepSeek_R1_guide(string file, int requests, double low, double high)
    {
        var measured = Published.Figure(file, "output_tokens_per_s");
        var r = ClusterRun.Execute(ScenarioCompiler.Compile(ScenarioLoader.Load(RepoPaths.File("scenarios", "validation", file))));
        Assert.Equal(requests, r.Overall.Completed);
        Assert.Equal(0, r.Overall.Preemptions);

        // The configured concurrency is what runs: the KV cache holds it (the run's batch is not KV-bound).
        Assert.True(r.TextReplicas.Average(x => x.MeanKvOccupancy) < 0.7);

        var simulated = r.Overall.OutputTokensPerSecond(r.MeasuredSeconds);
        var error = simulated / measured - 1;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{file}: simulated {simulated:F0} tok/s, measured {measured:F0}, {100 * error:+0.0;-0.0} %; mean running {r.TextReplicas.Average(x => x.MeanRunning):F0}"));
        Assert.InRange(error, low, high);
    }

    [Fact]
    public void One_request_on_8_B200s_against_NVIDIAs_min_latency_table_without_MTP()
    {
        // 111 tokens/s a user without MTP (the blog's MTP table, at its EP4TP2 stage: attention TP8, BF16; FFNs NVFP4),
        // 9.0 ms a token. A step at one sequence is fixed time: 122 all-reduces of one token's hidden state, about 600
        // GEMM launches, and the weights the token touches. The model's 6.4 ms is 28 % short (+40 % in tokens/s), a KNOWN
        // GAP: its fixed costs are the GEMMs' launch (4.5 us, timed on an H200) and the all-reduces; the other kernels of a
        // layer (norms, rope and KV-cache writes, MLA's batched up-projections, routing and top-k, the experts' permute and
        // finalize: about a dozen a layer here) cost a floor each that it does not charge (Vidur's H100 element-wise
        // kernels at one token: 1 to 6 us each, scenarios/profiles/vidur_h100_llama2_70b_projections.csv).
        var r = ClusterRun.Execute(ScenarioCompiler.Compile(ScenarioLoader.Load(
            RepoPaths.File("scenarios", "validation", "trtllm-pytorch-deepseek-r1-8xb200-min-latency.yaml"))));
        Assert.Equal(10, r.Overall.Completed);
        var c = Assert.Single(r.Classes);
        var perUser = 1 / c.Tpot.ToSummary().P50;
        var error = perUser / 111 - 1;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"DeepSeek-R1 on 8x B200, one request: simulated {perUser:F0} tokens/s a user (TPOT {1e3 / perUser:F2} ms), measured 111, {100 * error:+0.0;-0.0} %"));
        Assert.InRange(error, 0.35, 0.45);   // +40.1 % (+39.9 % before the B200's measured bandwidth share)
    }
}

using ClusterSim.Model.Performance;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Calibration;

/// <summary>
/// CHECKS of the step model alone, without the queueing that amplifies its errors: the iteration the MLPerf v4.1 and
/// v5.0 server measurements imply, timed by the scenario's own execution model and compared with the measured median TPOT (one
/// token per running sequence per iteration). The iteration is built from the measurement, not from a simulation:
/// Little's law gives the running sequences per replica; each has its prompt and, on average, the length-biased half of
/// its output in context (E[L^2] / 2 E[L]: a sequence met at a random step is more likely a long one); the prompts that
/// arrive during one step are prefilled in it (TensorRT-LLM's chunked context). No factor was fitted on these rows.
/// The point: the whole-run checks (<see cref="MlperfV41ValidationTests"/>) miss TPOT by 20 to 65 % at the measured
/// rates, while the step at the measured operating point is within a few per cent on the NVIDIA rows; near capacity
/// the batch, and so the step, grows as 1 / (1 - load), which turns a small error in the step into a large one in
/// latency.
/// </summary>
public sealed class OperatingPointStepTests(ITestOutputHelper output)
{
    [Theory]
    // folder, file, mean prompt and output tokens, the output's E[L^2] / 2 E[L], band of the error. The measured figures
    // are the file's: its Little's-law sequences per replica, its rate (capacity_rps) over its replicas, its median TPOT.
    //   H200: 100.35 / 8 req/s; 12.54 x (181 ms + 290 x 124.3 ms) = 454; outputs log-normal, mean 294.45, cv 0.72 (Mixtral's
    //   own outputs on MLPerf's OpenOrca prompts, since 2026-12-07; 0.6 ASSUMED before, 200.2): 294.45 x (1 + 0.72^2) / 2 = 223.6
    [InlineData("validation", "mlperf41-h200-llama2-70b-server.yaml", 222.33, 294.45, 223.6, -0.09, 0.01)]        // -3.4 % (-3.8 % with the outputs' cv of 0.6 assumed before 2026-12-07; -5.0 % before the residual stream counted 10 x hidden, 2026-12-05; -3.7 % while the memory efficiency paid the GEMM launch twice)
    //   Mixtral: 348.06 / 8 req/s; 655 sequences; the dataset's outputs (mixtral-8x7b-lengths.csv): mean 144.84, 116.27
    [InlineData("validation", "mlperf41-h100-mixtral-8x7b-server.yaml", 427.39, 144.84, 116.27, -0.125, -0.025)]
    //   Mixtral on GIGABYTE's H200s (NVIDIA's harness, batch 1,200): 391.77 / 8 req/s; 48.97 x (231 ms + 143.84 x 149.5 ms) = 1,064.
    //   Like the H100 row below, this server's step is slower than its own offline run implies (offline +5.4 %, here
    //   -16.6 %): both ran at 82 to 89 % of their configured batch, where the rows within 8 % ran at 35 to 73 %. (Added
    //   2026-12-05 as a check; nothing was set from it.)
    [InlineData("validation", "mlperf41-h200-mixtral-8x7b-server.yaml", 427.39, 144.84, 116.27, -0.215, -0.115)]  // -16.6 %  // -7.5 % (-8.4 % before the MoE expert outputs were counted; -9.7 %; -7.9 %)
    //   H100 (README row, TP2 x 4): 74.42 / 4 req/s; 840 sequences; outputs as the H200 row (mean 290, cv 0.6, 197.2 before
    //   2026-12-07, the file's mean having been 294.45 since 2026-12-06). The real
    //   server's step is slower than its own offline run's at a larger shape (offline: 896 sequences and 686 prompt
    //   tokens in 146.1 ms, from 24,524.9 tok/s over 4 replicas; server: 840 and 647 in 156.4 ms): the server processed
    //   12 % fewer tokens per second than the offline run at nearly the same shape, an inefficiency the model does not have.
    [InlineData("calibration", "mlperf-llama2-70b-server.yaml", 222.33, 294.45, 223.6, -0.23, -0.13)]     // -17.2 % (-17.6 % with cv 0.6 and mean 290, before 2026-12-07; -20.1 % before the residual stream counted 10 x hidden; -19.1 %)
    //   The same TP2 configuration on Supermicro's liquid-cooled AS-4125GS (first run 2026-12-07, a check): 81.69 / 4 req/s
    //   x 45.84 s mean latency = 936 sequences in 161.0 ms, 11 % short where NVIDIA's own run reads 17 %. Its other three
    //   systems held as many sequences (934 to 950) at 75 req/s in 174 to 176 ms steps: one configuration's step at one
    //   batch, 8 to 10 % apart between hosts whose offline runs agree within 0.3 %. And NVIDIA's Mixtral configuration on
    //   Supermicro's SYS-421GE: 349.65 / 8 x 15.84 s = 692 sequences in 108.4 ms, 11 % short (NVIDIA's run: 8 %).
    [InlineData("validation", "mlperf41-supermicro-h100-llama2-70b-server.yaml", 222.33, 294.45, 223.6, -0.165, -0.065)]     // -11.3 %
    [InlineData("validation", "mlperf41-supermicro-h100-mixtral-8x7b-server.yaml", 427.39, 144.84, 116.27, -0.16, -0.06)]    // -10.9 %
    //   NVIDIA's H200 configuration on Lenovo's system (first run 2026-12-07): 103.37 / 8 req/s x 46.78 s = 604 sequences
    //   in 164.1 ms, where NVIDIA's own run held 454 in 124.3 ms at 100.35: priced 6.5 % short (NVIDIA's run: 3.4 %).
    [InlineData("validation", "mlperf41-lenovo-h200-llama2-70b-server.yaml", 222.33, 294.45, 223.6, -0.115, -0.015)]     // -6.5 %
    //   GH200 (one TP1 replica, first run 2026-12-06): 13.3339 req/s; 13.33 x (264.2 ms + 294.45 x 164.1 ms) = 648;
    //   outputs as the H200 row. The step is 4.2 % short (4.5 % with cv 0.6), as the H200's: the whole run's p50 TPOT -26.7 % is that step
    //   amplified near the knee, not a server inefficiency of the H100 TP2 row's size.
    [InlineData("validation", "mlperf41-gh200-llama2-70b-server.yaml", 222.33, 294.45, 223.6, -0.095, 0.005)]   // -4.2 % (-4.5 % (cv 0.6 before 2026-12-07))
    // MLPerf v5.0 (NVIDIA's engines; first run 2026-12-05):
    //   H200 Llama-2-70B: 113.04 / 8 req/s; 14.13 x (359 ms + 293.45 x 173.3 ms) = 724; outputs as the v4.1 H200 row
    [InlineData("validation", "mlperf50-h200-llama2-70b-server.yaml", 222.33, 294.45, 223.6, -0.04, 0.06)]        // +2.2 % (+1.8 % (cv 0.6 before 2026-12-07)): the step of a current dense engine, as measured (+0.4 % before the residual stream counted 10 x hidden)
    //   H200 Mixtral: 427.58 / 8 req/s; 53.45 x (324.9 ms + 143.84 x 172.9 ms) = 1,347; the dataset's outputs
    [InlineData("validation", "mlperf50-h200-mixtral-8x7b-server.yaml", 427.39, 144.84, 116.27, -0.13, -0.03)]  // -8.0 % (-8.8 % before the MoE expert outputs were counted, -9.9 % before the residual stream counted 10 x hidden), as the v4.1 DGX-H100 Mixtral step; -14.5 % before its checkpoint's BF16 share was priced (mixed_weights)
    // MLPerf v5.0's Llama-2-70B interactive benchmark (p99 TTFT <= 450 ms, TPOT <= 40 ms; first run 2026-12-05, checks):
    //   H200: 66.50 / 8 req/s; 8.31 x (97.5 ms + 293.45 x 33.7 ms) = 83 sequences and 62 prompt tokens a step. The
    //   model prices this small step 20 % long, the one row where it errs that way. The three measured H200 steps here
    //   (145, 801, 1,268 tokens) are each the model's 16.8 ms weight stream plus 0.117 to 0.134 ms a token, the model's
    //   22.6 ms plus 0.121: its fixed part (NIM's batch-1 host time, 4.5 ms, and the GEMM launches, 1.4 ms) is what the
    //   small step does not show (without it: +1.9, -8.5, -1.6 %). Or the GEMMs overlap their weight stream at these
    //   sizes, as the H200's own layer GEMMs do (scenarios/profiles/h200_kernel_shape_probe.csv: 0.58 to 0.70 of the sum
    //   at 128 to 256 rows): at the probe's times this step reads -16 % and the two larger ones -11 and -2 %. Nothing
    //   was changed on one row; a known gap (README, Known gaps).
    [InlineData("validation", "mlperf50-h200-llama2-70b-interactive-server.yaml", 222.33, 294.45, 223.6, 0.145, 0.245)]      // +19.7 % (+19.5 % (cv 0.6 before 2026-12-07))
    //   B200 (NVFP4): 217.93 / 8 req/s; 27.24 x (74.0 ms + 293.45 x 36.4 ms) = 293 sequences and 220 prompt tokens a step,
    //   16 % short, as the B200's other rows (offline +13.4 %): its FP4 GEMMs priced at the square-matmul share.
    [InlineData("validation", "mlperf50-b200-llama2-70b-interactive-server.yaml", 222.33, 294.45, 223.6, -0.21, -0.11)]    // -16.6 % (-16.2 % (cv 0.6 before 2026-12-07))
    // MLPerf v5.1 on a part no stack was fitted on (first run 2026-12-06, a check): ASUSTeK's 8x H200 NVL, NVIDIA's v5.0
    //   H200 engine settings on the 600 W card: 87.50 / 8 req/s x 35.355 s mean latency = 387 sequences and 302 prompt
    //   tokens a step. The step of the borrowed H100 entry at the card's own peaks, moved by the H200 SXM's measured shares
    //   (same_silicon_as), is 4 % short, as the H200 SXM rows' are within 4 %: the derivation by the vendor's figures
    //   carries over.
    [InlineData("validation", "mlperf51-asus-h200nvl-llama2-70b-server.yaml", 222.33, 294.45, 223.6, -0.09, 0.01)]   // -4.0 % (-4.3 % (cv 0.6 before 2026-12-07); -6.0 % with the H100's shares)
    //   The same engine's llama2-70b-99.9 run (first run 2026-12-07): 83.88 / 8 req/s x 30.273 s = 317 sequences in 104.3 ms.
    [InlineData("validation", "mlperf51-asus-h200nvl-llama2-70b-999-server.yaml", 222.33, 294.45, 223.6, -0.08, 0.02)]   // -3.0 % (-3.3 % (cv 0.6 before 2026-12-07))
    // MLPerf v5.1, ASUSTeK's 8x H200 SXM, one engine at two rates (first run 2026-12-07, checks): 116.81 / 8 req/s x
    // 53.977 s = 788 sequences in 187.0 ms, and 99.16 / 8 x 52.551 s = 651 in 182.4 ms. The model's step grows with the
    // work as FP8 arithmetic must (191.6 and 162.4 ms: about 0.12 ms a token); the measured one hardly moves: 18 % more
    // rate, 2.5 % longer median TPOT. So the same model that prices the busier step +2.4 % prices the quieter one
    // -11.0 %, and the quieter run's measured step is longer than the same engine's offline run allows at the H200's
    // FP8 peak: offline it made 120.24 samples/s of 291.7 tokens in steps of at most 1,536 tokens (at most 872 decodes:
    // 199 ms); a step 391 tokens lighter saves at least 391 x 2 x 69 GFLOP / 1,979 TFLOP/s = 27 ms, so at most 172 ms,
    // where the server measured 182: by 6 %, more than two runs on one system differ (1.3 %), about what two systems'
    // runs of one configuration do (README, Known gaps).
    [InlineData("validation", "mlperf51-asus-h200-llama2-70b-server.yaml", 222.33, 294.45, 223.6, -0.03, 0.07)]       // +2.8 % (+2.4 % (cv 0.6 before 2026-12-07))
    [InlineData("validation", "mlperf51-asus-h200-llama2-70b-999-server.yaml", 222.33, 294.45, 223.6, -0.16, -0.06)]  // -10.7 % (-11.0 % (cv 0.6 before 2026-12-07))
    // MLPerf v6.0, ASUSTeK's 8x RTX PRO 6000 (NVFP4 on the GDDR7 card, NVIDIA's TensorRT harness; first run 2026-12-06,
    //   a check): 105.41 / 8 req/s x 45.783 s mean latency = 603 sequences and 523 prompt tokens a step, priced 16 % long
    //   (dense GEMMs 107 ms, the weight stream added to them 28 ms, element-wise 37, attention 30). The GEMMs' kernels
    //   overlap their weight stream (the H200 probe's GEMMs read 0.96 to 1.08 of the longer term at every size): priced
    //   so, this step reads +0.2 %, but the Hopper offline rows then read 15 to 20 % fast (README, Known gaps), so on
    //   Hopper the sum stands in for a cost of about the weight stream's size that the model does not name, and on this
    //   card, whose weight stream is a larger share of the step, it overcharges.
    //   B300 (ASUSTeK, NVFP4 on TensorRT-LLM's PyTorch backend; first run 2026-12-06, a check): 379.69 / 8 req/s x
    //   23.526 s mean latency = 1,117 sequences and 884 prompt tokens a step, 16 % short, a Blackwell gap. The part has no
    //   fit and no FP4 share of its own: the H100 entry's FP8 efficiency moves to its 14 PF FP4 peak by the same die's
    //   measured shares on a 1,400 W GB300 (same_silicon_as), the FP4 one held to the GB300's FP4 FLOP/s a watt on this
    //   1,100 W board (6.8 PF/s reached; 8.1 unheld). The other 13 ms of the gap lie outside that price of the GEMMs.
    [InlineData("validation", "mlperf60-asus-b300-llama2-70b-server.yaml", 222.33, 294.45, 223.6, -0.21, -0.11)]   // -14.9 % (-15.6 % (cv 0.6 before 2026-12-07); -23.3 % with the GB300's FP4 share unheld, 8.1 PF/s; -28.6 % with the H100's FP8 share at the FP4 peak, 9.6 PF/s)
    [InlineData("validation", "mlperf60-asus-rtxpro6000-llama2-70b-server.yaml", 222.33, 294.45, 223.6, 0.105, 0.205)]   // +16.5 % (+15.6 % (cv 0.6 before 2026-12-07); +18.0 % before the card's measured BF16 matmul share)
    public void The_step_at_the_measured_operating_point_against_the_measured_median_TPOT(
        string folder, string file, double prompt, double outputTokens, double biasedHalfOutput, double low, double high)
    {
        var error = StepError(folder, file, prompt, outputTokens, biasedHalfOutput);
        Assert.InRange(error, low, high);
    }

    /// <summary>
    /// The scenario's step at the measured operating point (Little's-law sequences per replica, the prompts of one step)
    /// over the measured median TPOT, less one: the step error the theory above bounds.
    /// </summary>
    private double StepError(string folder, string file, double prompt, double outputTokens, double biasedHalfOutput)
    {
        // Length bias never shortens the context: E[L^2] / 2 E[L] >= E[L] / 2.
        Assert.True(biasedHalfOutput >= outputTokens / 2);

        var scenario = ScenarioLoader.Load(RepoPaths.File("scenarios", folder, file));
        var compiled = ScenarioCompiler.Compile(scenario);
        var sequences = (int)Math.Round(Published.Figure(file, "requests_in_system_per_replica"));
        var rate = Published.Figure(file, MeasuredFigures.Capacity) / scenario.Deployments.Single().Replicas;
        var tpotMs = Published.Figure(file, "tpot_p50") * 1e3;
        var model = ((ExecutionModelTimer)Assert.Single(compiled.Setup.Pools).Timer).Model;

        // The prompts of one step: whole prompts of the mean length and the rest as one more chunk.
        var prefillTokens = rate * prompt * tpotMs / 1e3;
        var whole = (long)Math.Floor(prefillTokens / prompt);
        var rest = (long)Math.Round(prefillTokens - whole * prompt);
        var shape = IterationShape.Decode(sequences, (long)Math.Round(prompt + biasedHalfOutput))
                    + IterationShape.Prefill(whole, (long)Math.Round(prompt))
                    + IterationShape.Prefill(1, rest);
        var step = model.Predict(shape);

        var error = step.Seconds * 1e3 / tpotMs - 1;
        var parts = ((IStepBreakdown)model).Breakdown(shape).Parts.Where(p => p.Seconds > 0).Select(p => $"{p.Name} {p.Seconds * 1e3:F1}");
        output.WriteLine($"{file}: {sequences} decodes and {prefillTokens:F0} prompt tokens per step: simulated {step.Seconds * 1e3:F1} ms " +
                         $"({string.Join(", ", parts)}), measured median TPOT {tpotMs:F1} ms, {100 * error:+0.0;-0.0;0.0} %");
        return error;
    }

    [Theory]
    // A WHAT-IF, not a fit and no evidence for any factor: every step of a server row scaled by 1 / (1 + its step error at
    // the measured operating point, above) (execution_model.step_scale, nothing else changed), so that the step there
    // takes the measured median TPOT. The scale is taken from that median TPOT at the measured batch, so the run's p50 TPOT
    // and its batch (Little's law at the measured rate) are in sample, not evidence (StepOnlyWhatIf); what the run adds
    // is the tails: the queueing, batching and dispatch that turn a step into a p99 TPOT and a p99 first token. folder, file, the step's inputs as above, then the bands of p50 and p99 TPOT, p99 TTFT
    // and running sequences per replica against the measurements. First run 2026-12-06 (at x 1 in brackets):
    //   Since 2026-12-07 the Llama-2-70B rows' outputs have a cv of 0.72 (0.6 ASSUMED before; figures then in braces).
    //   H100 TP2, x 1.208: -1.1 / -2.3 %, -0.1 %, -3.9 % (-59.9 / -60.8 %, -52.6 %, -59.5 %) {x 1.214: +3.6 / +1.9 %, +3.9 %, +1.2 %}
    [InlineData("calibration", "mlperf-llama2-70b-server.yaml", 222.33, 294.45, 223.6, -0.10, 0.10, -0.10, 0.10, -0.10, 0.10)]
    //   H200 v4.1, x 1.035: -1.9 / -4.8 %, -2.1 %, -4.2 % (-17.1 / -19.4 %, -16.9 %, -18.4 %) {x 1.039: +0.6 / -2.7 %, -1.2 %, -0.9 %}
    [InlineData("validation", "mlperf41-h200-llama2-70b-server.yaml", 222.33, 294.45, 223.6, -0.10, 0.10, -0.10, 0.10, -0.10, 0.10)]
    //   GH200, x 1.044: -5.7 / -4.5 %, -7.5 %, -9.0 % (-27.3 / -24.6 %, -23.4 %, -29.0 %) {x 1.048: -1.9 / -1.2 %, -4.8 %, -4.9 %}
    [InlineData("validation", "mlperf41-gh200-llama2-70b-server.yaml", 222.33, 294.45, 223.6, -0.10, 0.10, -0.12, 0.08, -0.12, 0.08)]
    //   DGX-H100 Mixtral, x 1.081: -8.5 / -10.3 %, -46.5 %, -10.6 % (-30.9 / -32.5 %, -58.9 %, -32.1 %) {prompts and outputs
    //   drawn apart, before 2026-12-07: -9.5 / -11.2 %, -46.8 %, -11.2 %}: its first-token
    //   tail misses for a reason beyond the step (README, Known gaps: 2.5 medians simulated against 4.1 measured)
    [InlineData("validation", "mlperf41-h100-mixtral-8x7b-server.yaml", 427.39, 144.84, 116.27, -0.16, -0.04, -0.55, -0.38, -0.17, -0.05)]
    //   GIGABYTE's H200 Mixtral, x 1.199: -3.6 / -3.8 %, -4.7 %, -5.5 % (-58.0 / -57.9 %, -61.1 %, -58.1 %) {-5.0 / -3.8 %, -6.0 %, -6.4 %}
    [InlineData("validation", "mlperf41-h200-mixtral-8x7b-server.yaml", 427.39, 144.84, 116.27, -0.12, 0.08, -0.14, 0.06, -0.14, 0.06)]
    //   v5.0 H200 Llama-2-70B, x 0.979: -9.5 / -5.2 %, -18.8 %, -13.9 % (+6.8 / +11.0 %, +50.7 %, +0.4 %) {x 0.982: -5.9 / -1.1 %, -14.8 %, -9.7 %}
    [InlineData("validation", "mlperf50-h200-llama2-70b-server.yaml", 222.33, 294.45, 223.6, -0.12, 0.06, -0.26, -0.04, -0.16, -0.02)]
    //   v5.0 H200 Mixtral, x 1.087: +2.2 / +1.0 %, -0.1 %, -0.9 % (-39.8 / -39.6 %, -40.7 %, -40.5 %) {+0.4 / +1.0 %, -1.6 %, -2.1 %}
    [InlineData("validation", "mlperf50-h200-mixtral-8x7b-server.yaml", 427.39, 144.84, 116.27, -0.10, 0.10, -0.10, 0.10, -0.10, 0.10)]
    //   v5.0 interactive on H200s, x 0.835: -1.4 / +1.7 %, -3.3 %, -4.3 % (+38.9 / +42.1 %, +117.6 %, +36.6 %) {x 0.837: -0.6 / +1.0 %, -3.9 %, -3.0 %}
    [InlineData("validation", "mlperf50-h200-llama2-70b-interactive-server.yaml", 222.33, 294.45, 223.6, -0.10, 0.10, -0.10, 0.10, -0.10, 0.10)]
    //   v5.0 interactive on B200s, x 1.199: -2.4 / -3.1 %, -7.9 %, -5.6 % (-36.1 / -36.5 %, -49.3 %, -36.7 %) {x 1.205: -1.7 / -2.5 %, -3.9 %, -3.6 %}
    [InlineData("validation", "mlperf50-b200-llama2-70b-interactive-server.yaml", 222.33, 294.45, 223.6, -0.10, 0.10, -0.10, 0.10, -0.10, 0.10)]
    //   v5.1 H200 NVL, x 1.042: +3.7 / +4.6 %, -20.8 %, +3.4 % (-15.3 / -14.8 %, -36.2 %, -14.9 %) {x 1.045: +6.7 / +6.8 %, -17.8 %, +7.0 %}
    [InlineData("validation", "mlperf51-asus-h200nvl-llama2-70b-server.yaml", 222.33, 294.45, 223.6, -0.02, 0.14, -0.28, -0.10, -0.02, 0.14)]
    //   v5.1 H200 SXM (ASUSTeK), one engine at two rates (2026-12-07): at 99.16 samples/s, x 1.119: +0.3 / +4.9 %, +11.0 %,
    //   -2.6 % (-45.8 / -43.5 %, -51.5 %, -46.0 %) {x 1.123: +4.3 / +9.3 %, +23.4 %, +2.1 %}, both tails within their
    //   criteria once the step is; at 116.81, x 0.972: -0.5 / +4.4 %, +5.4 %, -4.3 % (at x 1 past its capacity) {x 0.976:
    //   +4.6 / +5.5 %, +136 %, +0.8 %: the scaled run then sat at its own knee, where the first-token tail is the queue's}
    [InlineData("validation", "mlperf51-asus-h200-llama2-70b-999-server.yaml", 222.33, 294.45, 223.6, -0.05, 0.15, 0.01, 0.21, -0.08, 0.12)]
    [InlineData("validation", "mlperf51-asus-h200-llama2-70b-server.yaml", 222.33, 294.45, 223.6, -0.05, 0.15, -0.05, 0.15, -0.10, 0.10)]
    //   v6.0 B300, x 1.175: +17.9 / -2.7 %, +13.6 %, +17.7 % (-62.9 / -68.8 %, -58.4 %, -61.4 %) since 2026-12-07, when
    //   TensorRT-LLM's PyTorch backend came to form each batch a step ahead as its overlap scheduler does (schedule_ahead;
    //   before: -2.2 %, -20.5 %, and -69.4 % unscaled) {x 1.185: +29.8 / +7.5 %, -13.2 %, +30.0 %}: the one row it
    //   overshoots, a uniform scale putting the run near its own knee (the RTX PRO 6000 row, whose simulated KV cache
    //   overflows, is left out: it overloads at any scale near its error)
    [InlineData("validation", "mlperf60-asus-b300-llama2-70b-server.yaml", 222.33, 294.45, 223.6, -0.07, 0.28, 0.04, 0.24, 0.08, 0.28)]
    public void What_if_the_server_step_were_priced_as_measured_at_the_operating_point(
        string folder, string file, double prompt, double outputTokens, double biasedHalfOutput,
        double tpotLow, double tpotHigh, double ttftLow, double ttftHigh, double sequencesLow, double sequencesHigh)
    {
        var w = StepOnlyWhatIf.Run(folder, file, 1 / (1 + StepError(folder, file, prompt, outputTokens, biasedHalfOutput)));
        output.WriteLine(w.Describe(file));
        var (tpot50, tpot99, ttft99, running) = (w.Tpot50, w.Tpot99, w.Ttft99, w.Sequences);

        // In sample, by construction (the scale's source, and Little's law at the measured rate): p50 TPOT and the batch.
        Assert.InRange(tpot50, tpotLow, tpotHigh);
        Assert.InRange(running, sequencesLow, sequencesHigh);

        // What the run adds: the tails.
        Assert.InRange(tpot99, tpotLow, tpotHigh);
        Assert.InRange(ttft99, ttftLow, ttftHigh);
    }

    [Fact]
    public void MI300X_step_at_the_measured_operating_point_against_the_measured_median_TPOT()
    {
        // AMD's 2024 vLLM prefills in iterations of their own, and its harness hands prompts over in groups: a group
        // leaves every 0.3 s (window from dispatch) with what arrived meanwhile, 71.74 x 0.3 = 21.5 prompts, to the
        // replicas in turn, so each replica prefills a group every 8 x 0.3 = 2.4 s. Between two tokens of a running
        // sequence a replica therefore runs one decode iteration of its 383 sequences (Little's law: 71.74 / 8 x
        // (990 ms + 290 x 143.9 ms)) and 0.1439 / 2.4 of a group's prefill iteration.
        var compiled = ScenarioCompiler.Compile(ScenarioLoader.Load(RepoPaths.File("scenarios", "validation", "mlperf41-mi300x-llama2-70b-server.yaml")));
        var model = ((ExecutionModelTimer)Assert.Single(compiled.Setup.Pools).Timer).Model;
        const double tpotMs = 143.9;
        var decode = model.Predict(IterationShape.Decode(383, (long)Math.Round(222.33 + 223.6)));   // 200.2 at cv 0.6, before 2026-12-07
        var group = model.Predict(IterationShape.Prefill(21, 222) + IterationShape.Prefill(1, 111));   // 21.5 prompts of 222.33
        var step = decode.Seconds + tpotMs / 1e3 / 2.4 * group.Seconds;

        var error = step * 1e3 / tpotMs - 1;
        output.WriteLine($"MI300X: decode iteration {decode.Seconds * 1e3:F1} ms, prefill group {group.Seconds * 1e3:F1} ms, " +
                         $"between two tokens {step * 1e3:F1} ms, measured median TPOT {tpotMs:F1} ms, {100 * error:+0.0;-0.0;0.0} %");

        // +2.6 % (+2.4 % with the outputs' cv of 0.6 assumed before 2026-12-07) since 2026-12-06, when the harness's 2024 vLLM came to pay V0's host work a sequence every step (87 us a
        // round from the A100 V0 fit, one step a round; EngineHostCost), where the part's own entry, fitted on vLLM 0.10's
        // V1, charged 27.1 us. Before: -13.6 % with that entry (since 2026-12-04; -14.1 % before the residual stream counted
        // 10 x hidden), -20.0 % with the H100 TensorRT-LLM FP8 entry moved by the parts' shares.
        Assert.InRange(error, -0.03, 0.08);
    }
}

using ClusterSim.Analysis.Accuracy;
using ClusterSim.Analysis.Planning;
using ClusterSim.Scenarios;
using ClusterSim.Analysis.Tests.Charts;
using Xunit.Abstractions;

namespace ClusterSim.Analysis.Tests.Planning;

/// <summary>
/// Capacity at the MLPerf server SLOs (TTFT p99 &lt;= 2 s, TPOT p99 &lt;= 200 ms, loadgen's `mlperf.conf` for
/// llama2-70b and mixtral-8x7b; 450 ms and 40 ms for llama2-70b-interactive) against the server rate each submitter measured: the number a capacity planner
/// asks for. All CHECKS: since 2026-12 no factor is fitted on any MLPerf row (the trtllm-fp8 compute efficiency is the
/// H100's measured FP8 matmul share; the prompt and output lengths are the datasets').
/// Each row runs the scenario's own simulated minutes (40, or the interactive rows' 20), 3 replications per rate on common seeds, bisected to
/// 2 %; a row takes about a second of wall time. A figure that misses the issue's ±10 % is held to the band it is
/// in today, so that drift in either direction fails and the README's accuracy table stays true.
/// </summary>
public sealed class MlperfCapacityValidationTests(ITestOutputHelper output)
{
    [Theory]
    // folder, file, known band of the error; the measured samples/s is the file's own (measured.figures.capacity_rps)
    [InlineData("validation", "mlperf41-h200-llama2-70b-server.yaml", 0.06, 0.16)]    // +10.9 %: gap, by 0.9 points (offline +5.3 %; +12.5 % before 2026-12-06's harness queue and whole prompts, offline +4.7 %; +14.1 % before the residual stream counted 10 x hidden, 2026-12-05; measured server at 93 % of offline; +12.5 % while the memory efficiency paid the GEMM launch twice)
    [InlineData("calibration", "mlperf-llama2-70b-server.yaml", 0.18, 0.28)]           // +21.9 %: gap (offline +7.0 %; +23.4 % and +6.5 % with the result's own 290 tokens a sample until 2026-12-06; +28.1 % before the residual stream counted 10 x hidden; measured server at 88 % of offline; +25.0 %)
    // The two v4.1 Mixtral rows were met (+6.3 %) while their prompts ran in 2,048-token chunks a step, a setting no config
    // gave, which held each replica's prefill back so that the TTFT tail, not TPOT, set the capacity. With the engine's own
    // max_num_tokens and whole prompts (2026-12-06) TPOT sets it, and the Mixtral step's known shortfall (OperatingPointStepTests) shows.
    [InlineData("validation", "mlperf41-h100-mixtral-8x7b-server.yaml", 0.07, 0.18)]  // +12.5 %: gap (offline -0.5 %, since prompts and outputs are drawn as the dataset's pairs, 2026-12-07; +14.1 % and +4.9 % drawn apart; +6.3 % with 2,048-token chunks, offline +3.7 %; +7.8 % before the MoE expert outputs were counted, +9.4 % before the residual stream counted 10 x hidden; was +81 %; +6.2 % before 2026-12-04, then +7.8 %, +4.7 %, +6.3 % and +9.4 % along that day's work-model changes)
    // Supermicro's submissions of the same two DGX-H100 configurations (first run 2026-12-07, eleventh session): every
    // Supermicro class inherits NVIDIA's and sets only its rate, so the simulated capacity is NVIDIA's row's, and each file's
    // capacity figure is the highest rate any of its four systems ran within the limits. Llama-2-70B: the liquid-cooled
    // AS-4125GS at 81.69 samples/s, 9.8 % over NVIDIA's 74.42 and 97.9 % of its own offline rate, so the configuration's
    // real capacity is at least that: +10.9 % over it where NVIDIA's rate reads +21.9 %. Mixtral: SYS-421GE at 349.65,
    // +12.5 %, as NVIDIA's 348.06 reads.
    [InlineData("validation", "mlperf41-supermicro-h100-llama2-70b-server.yaml", 0.06, 0.16)]    // +10.9 %: gap, by 0.9 points
    [InlineData("validation", "mlperf41-supermicro-h100-mixtral-8x7b-server.yaml", 0.07, 0.18)]  // +12.5 %: gap
    // NVIDIA's v4.1 H200 configuration as Lenovo ran it (first run 2026-12-07): 103.37 samples/s within the limits, 3 %
    // over NVIDIA's 100.35 (GIGABYTE's run: 101.87). Against that floor the simulated capacity, NVIDIA's row's, reads
    // +7.8 % where it reads +10.9 % against NVIDIA's rate.
    [InlineData("validation", "mlperf41-lenovo-h200-llama2-70b-server.yaml", 0.03, 0.13)]    // +7.8 %: met
    [InlineData("validation", "mlperf41-mi300x-llama2-70b-server.yaml", -0.10, 0.10)]  // -1.6 %: met since 2026-12-06, when AMD's 2024 vLLM came to pay V0's host work a sequence every step (offline -9.9 %; EngineHostCost, whose form on the V1-fitted entry was chosen with this row's offline figure in view; before: +20.3 %, offline +7.4 %; +21.9 % before the residual stream counted 10 x hidden; measured server at 90 % of offline; +34.4 % with the H100 TensorRT-LLM entry moved by the parts' shares, +32.8 % before that day's stream correction)
    [InlineData("validation", "mlperf41-gh200-llama2-70b-server.yaml", -0.10, 0.10)] // +6.3 %: met (one GH200, first run 2026-12-05; offline +3.6 %; measured server at 95 % of offline)
    [InlineData("validation", "mlperf41-h200-mixtral-8x7b-server.yaml", 0.17, 0.27)]  // +21.9 %: gap (GIGABYTE's H200, first run 2026-12-04; offline +5.8 %; +6.3 % with 2,048-token chunks, offline +5.4 %; +7.8 % before the MoE expert outputs were counted)
    // MLPerf v5.0 (another round, newer engines; the engine settings are the v5.0 Offline configs, the Server ones not
    // being in the index): H200 +0.0 %, H100 (pipeline parallel) -7.8 % and B200 in NVFP4 +6.2 %, all met.
    [InlineData("validation", "mlperf50-h200-llama2-70b-server.yaml", -0.10, 0.10)]   // +0.0 %: met (offline -5.3 %; +1.6 % before the residual stream counted 10 x hidden)
    [InlineData("validation", "mlperf50-h100-llama2-70b-server.yaml", -0.10, 0.10)]   // -7.8 %: met (offline -8.4 %; -6.2 % before the residual stream counted 10 x hidden; weaker evidence: the pipeline form was found wrong on this row's offline run)
    [InlineData("validation", "mlperf50-b200-llama2-70b-server.yaml", -0.10, 0.10)]   // +6.3 %: met since the B200's measured FP4 matmul share prices its NVFP4 GEMMs (offline +14.3 %; +6.2 % before its measured bandwidth share; +12.5 % before, with the H100's FP8 share at the FP4 peak; +15.6 % before the residual stream counted 10 x hidden)
    // Mixtral on NVIDIA's own v5.0 H200 engine (chunked context, 8,192 tokens a step; first run 2026-12-05): +9.4 %, met since the MoE
    // expert outputs were counted (offline +13.2 %; +10.9 % before them, +12.5 % before the residual stream counted 10 x hidden; +20.3 and +21.9 % before the checkpoint's BF16 share was priced). At that capacity the
    // simulated replicas run 1,398 sequences in 156 ms steps, the real ones 1,347 in 173 ms at the measured rate (Little's
    // law): the shape of the operating point is right, its level a step about 8 % short.
    [InlineData("validation", "mlperf50-h200-mixtral-8x7b-server.yaml", -0.10, 0.10)]
    // Mixtral on the B200 (NVFP4 with 81 % FP8 layers, first run 2026-12-05): +20.3 % (+21.9 % before the B200 took the
    // GB200's measured FP8 share, same_silicon_as; +20.3 % before the B200's measured bandwidth share), a gap: the Mixtral
    // step and the B200's FP8 GEMMs, which have no FP8 share measured on the B200 itself (+28.1 % before the B200's measured FP4 share, +29.7 % before the
    // MoE expert outputs were counted, +32.8 % before the residual stream counted 10 x hidden).
    [InlineData("validation", "mlperf50-b200-mixtral-8x7b-server.yaml", 0.17, 0.27)]
    // Dell's submissions of NVIDIA's v5.0 H200 engines (first run 2026-12-06, thirteenth session): Llama-2-70B at
    // 112.88 samples/s, 0.0 % (met), and Mixtral at 403.80, +15.6 % (the Mixtral gap). The simulated capacity is the same
    // for both Mixtral submissions (about 467.5 samples/s); the submitted rates differ by 5.9 %: a submitted rate is a
    // floor of the real capacity, and two submitters left different margins under it.
    [InlineData("validation", "mlperf50-dell-h200-llama2-70b-server.yaml", -0.10, 0.10)]   // 0.0 %: met
    [InlineData("validation", "mlperf50-dell-h200-mixtral-8x7b-server.yaml", 0.11, 0.21)]  // +15.6 %: gap
    // MLPerf v5.1, AMD's Mixtral on 8x MI325X with its v5.1 server config (first run 2026-12-05): +4.7 %, met (offline -4.6 %; -4.2 % with prompts and outputs drawn apart, before 2026-12-07).
    // The table gives tokens/s only; the rate is over the dataset's 144.84 tokens a sample.
    [InlineData("validation", "mlperf51-mi325x-mixtral-8x7b-server.yaml", -0.10, 0.10)]
    // MLPerf v5.1, ASUSTeK's 8x H200 NVL (first run 2026-12-06): +10.9 %, a gap by 0.9 points (+14.1 % with the H100's
    // shares at the card's peaks, before the same day's same_silicon_as gave it the H200 SXM's). The offline row reads
    // -4.3 % and the step at the measured operating point -4.3 %, but the submitted rate is 84 % of the measured offline
    // rate, with the tails far inside the limits (p99 TTFT 666 ms, TPOT 137 ms): the simulated servers, as every other,
    // hold up to about their own offline rate. A submitted rate is a floor of the real capacity.
    [InlineData("validation", "mlperf51-asus-h200nvl-llama2-70b-server.yaml", 0.06, 0.16)]
    // The same H200 NVL engine's llama2-70b-99.9 run at 83.88 samples/s (first run 2026-12-07): +15.6 % against a rate
    // 4 % under the 99 run's, itself a floor.
    [InlineData("validation", "mlperf51-asus-h200nvl-llama2-70b-999-server.yaml", 0.10, 0.21)]
    // MLPerf v5.1, ASUSTeK's 8x H200 SXM, one engine submitted at two rates (first run 2026-12-07): the llama2-70b-99
    // run at 116.81 samples/s (97 % of its offline rate) and the llama2-70b-99.9 run at 99.16 (82 %). The simulated
    // capacity is one figure, about 113, so it reads -3.1 % (met) against the first and +14.1 % (not met) against the
    // second (about 111, -4.7 and +12.5 %, with the outputs' cv of 0.6 assumed before 2026-12-07): the margin ASUSTeK left under the real capacity in its second run, which the first shows is at least
    // 116.81. The model's capacity here is held by the engine's 1,536 tokens a step (max_num_tokens): decodes and the
    // prompts arriving in a step of its length fill it at about 114 samples/s (873 decodes and 663 prompt tokens in
    // 209 ms), where the real steps at 116.81 carried some 1,390 tokens in 187 ms.
    [InlineData("validation", "mlperf51-asus-h200-llama2-70b-server.yaml", -0.10, 0.0)]
    [InlineData("validation", "mlperf51-asus-h200-llama2-70b-999-server.yaml", 0.07, 0.18)]
    // MLPerf v6.0, ASUSTeK's 8x RTX PRO 6000 in NVFP4 (first run 2026-12-06): -21.9 %, a gap the other way. The real cards
    // sat at their TPOT limit; the simulated step at that operating point is 16 % long (OperatingPointStepTests), so TPOT
    // binds a fifth sooner (-23.4 % before the card's measured BF16 matmul share).
    [InlineData("validation", "mlperf60-asus-rtxpro6000-llama2-70b-server.yaml", -0.27, -0.17)]
    // MLPerf v6.0, ASUSTeK's 8x B300 in NVFP4 on TensorRT-LLM's PyTorch backend (first run 2026-12-06): +21.9 %, a
    // Blackwell gap (offline +23.4 %, the step at the measured operating point -15.6 %), with the GB300's FP4 share held to
    // that part's FP4 FLOP/s a watt on this 1,100 W board; +34.4 % with it unheld, +45.3 % with the H100 entry's FP8 share
    // at the FP4 peak, before the same day's same_silicon_as gave it the GB300's measured shares.
    [InlineData("validation", "mlperf60-asus-b300-llama2-70b-server.yaml", 0.17, 0.27)]
    // Krai's MLPerf v5.0 open-division vLLM V0 servers (0.6.4, 0.6.4 with FlashInfer, 0.7.3; first run 2026-12-06; the
    // measured rate is the scheduled one the run passed at): gaps with vLLM's own attention, whose V0 step is priced 16 to
    // 21 % short at its operating point (MlperfV50KraiValidationTests), so the simulated replicas reach the SLO at a fifth
    // to a third again the measured rate; FlashInfer's, which the model cannot tell apart, met. Since 2026-12-06 the files
    // give the engine's version and V0's host work a sequence is charged once a round, every step here (EngineHostCost);
    // before: +51.6, +45.3, +18.8, +53.1 and +62.5 %.
    [InlineData("validation", "mlperf50-krai-h200-vllm064-llama2-70b-server.yaml", 0.20, 0.30)]            // +25.0 %
    [InlineData("validation", "mlperf50-krai-h200-vllm073-llama2-70b-server.yaml", 0.15, 0.25)]            // +20.3 %
    [InlineData("validation", "mlperf50-krai-h200-vllm064-flashinfer-llama2-70b-server.yaml", -0.10, 0.10)] // -6.2 %: met
    [InlineData("validation", "mlperf50-krai-mi300x-vllm064-llama2-70b-server.yaml", 0.20, 0.32)]          // +26.6 % (+25.0 % with cv 0.6, before 2026-12-07)
    [InlineData("validation", "mlperf50-krai-mi300x-vllm073-llama2-70b-server.yaml", 0.29, 0.40)]          // +34.4 %
    public void Capacity_at_the_MLPerf_slos_against_the_measured_server_rate(string folder, string file, double bandLow, double bandHigh)
        => CheckCapacity(folder, file, bandLow, bandHigh, "ttft_p99=2s", "tpot_p99=200ms");

    [Theory]
    // MLPerf v5.0's Llama-2-70B interactive benchmark: the same model and dataset at p99 TTFT <= 450 ms and p99 TPOT <= 40 ms
    // (first run 2026-12-05, after every factor was set). Both are gaps, and of opposite sign. The H200, about 80 sequences a
    // GPU, reads -25.0 %: the only rows where the model is pessimistic, its small step priced 20 % long (its 5.9 ms of
    // fixed time a step, or the GEMMs' weight stream; OperatingPointStepTests). The B200 in NVFP4 reads +32.8 %, its step 16 % short
    // like its other rows.
    [InlineData("validation", "mlperf50-h200-llama2-70b-interactive-server.yaml", -0.30, -0.20)]   // -25.0 %: gap
    [InlineData("validation", "mlperf50-b200-llama2-70b-interactive-server.yaml", 0.27, 0.38)]    // +32.8 %: gap
    public void Capacity_at_the_interactive_slos_against_the_measured_server_rate(string folder, string file, double bandLow, double bandHigh)
        => CheckCapacity(folder, file, bandLow, bandHigh, "ttft_p99=450ms", "tpot_p99=40ms");

    [Theory]
    // MLPerf v5.1's Llama-3.1-8B benchmark (p99 TTFT <= 2 s, p99 TPOT <= 100 ms) on another engine: Red Hat's vLLM 0.10.0 on
    // one H100 (first run 2026-12-05, a check of the H100 vllm entry derived from the A100 one). Met, though the offline
    // row reads +19.2 %: the server's settings (a 1,024-token budget, chunks of 256) leave the simulated engine 77 % of its
    // offline rate where the real one kept 88 %.
    [InlineData("validation", "mlperf51-redhat-vllm-h100-llama31-8b-server.yaml", -0.10, 0.10)]
    public void Capacity_at_the_llama31_8b_slos_against_the_measured_server_rate(string folder, string file, double bandLow, double bandHigh)
        => CheckCapacity(folder, file, bandLow, bandHigh, "ttft_p99=2s", "tpot_p99=100ms");

    [Theory]
    // MLPerf v5.0's Llama-3.1-405B benchmark (p99 TTFT <= 6 s, p99 TPOT <= 175 ms) on 8x H200 at TP8 with NVIDIA's server
    // settings (first run 2026-12-06, thirteenth session, after every factor was set): -28.1 %, a gap the other way, and an
    // ill-conditioned one. The first-token tail sets the capacity, and it is the longest prompts' prefill (up to 19k tokens,
    // eight chunk steps), which the rate barely moves: in the model 5.9 to 6.3 s at 0.33 samples/s and 6.4 s at the
    // measured 0.45 (measured 5.64 s), so a tail 14 % long (MlperfV50ValidationTests) costs 28 % of the capacity.
    [InlineData("validation", "mlperf50-h200-llama31-405b-server.yaml", -0.35, -0.24)]   // -29.7 %: gap (-28.1 % with prompts and outputs drawn apart, before 2026-12-07)
    public void Capacity_at_the_llama31_405b_slos_against_the_measured_server_rate(string folder, string file, double bandLow, double bandHigh)
        => CheckCapacity(folder, file, bandLow, bandHigh, "ttft_p99=6s", "tpot_p99=175ms");

    [Theory]
    // MLPerf v4.1's GPT-J benchmark (summarization with beam search of width 4; the server limit is a query's latency,
    // 20 s at p99) on NVIDIA's DGX-H100 (first run 2026-12-07, after every factor was set, with beam search new to the
    // model): -20.3 %, a gap, as the offline row's -21.9 %. A submitted rate is a floor of the capacity; this one is 98 %
    // of the measured offline rate, and the simulated server holds up to about its own offline rate.
    [InlineData("validation", "mlperf41-h100-gptj-server.yaml", -0.26, -0.15)]   // -20.3 %: gap
    // One GH200 (batch 396; offline -2.6 %): the measured rate, met. Its submitted rate is 96 % of its measured offline
    // rate. Both read +29.7 and +59.4 % with the beams' shared prompt read once (beam_prompt_reads: once), and -4.7 and
    // +17.2 % with the FP16 KV cache these files took before their correction to NVIDIA's FP8 the same day.
    [InlineData("validation", "mlperf41-gh200-gptj-server.yaml", -0.05, 0.05)]   // 0.0 %: met
    // The round before (v4.0), one H100 at batch 256, the engine build that round's tree documents: its rate is 95 % of
    // its offline one; the simulated server holds up to about its own offline rate, -9.4 % (first run 2026-12-07).
    [InlineData("validation", "mlperf40-h100-gptj-server.yaml", -0.13, -0.03)]   // -7.8 %: met
    public void Capacity_at_the_gptj_latency_limit_against_the_measured_server_rate(string folder, string file, double bandLow, double bandHigh)
        => CheckCapacity(folder, file, bandLow, bandHigh, "e2e_p99=20s");

    private void CheckCapacity(string folder, string file, double bandLow, double bandHigh, params string[] slos)
    {
        var path = Path.Combine(SmallRun.RepoRoot, "scenarios", folder, file);

        // The measurement is the scenario's own: its measured section, which `clustersim accuracy` reads too, with the
        // issue's criterion; and its workload's SLO is the benchmark's, which that command searches at.
        var scenario = ScenarioLoader.Load(path);
        var figure = scenario.Measured!.Figures.Single(f => f.Name == MeasuredFigures.Capacity);
        Assert.Equal(0.10, figure.Within);
        Assert.Equal(slos.Select(s => $"{s.Split('=')[0]}_s <= {SloConstraint.Parse(s).Target:G6}"),
            AccuracyCheck.Objectives(scenario.Workloads.Single().Slo)!.Select(o => o.ToString()));
        var measured = figure.Value;

        var result = CapacitySearch.Find(new CapacityRequest
        {
            ScenarioPath = path,
            Slos = [.. slos.Select(SloConstraint.Parse)],
            Replications = 3,
            Parallelism = 2,
        });
        output.WriteLine(CapacityReport.Text(result));

        Assert.Equal(CapacityOutcome.Found, result.Bracket.Outcome);
        var error = result.Capacity!.Value / measured - 1;
        output.WriteLine($"{file}: capacity {result.Capacity:F1} req/s against {measured} measured: {100 * error:+0.0;-0.0} % " +
                         $"(criterion ±10 %: {(Math.Abs(error) <= 0.10 ? "met" : "NOT MET")})");
        Assert.True(error >= bandLow && error <= bandHigh,
            $"{file}: capacity {100 * error:+0.0;-0.0} % off the measured {measured} req/s, outside its band [{100 * bandLow:F0}, {100 * bandHigh:F0}] %");
    }
}

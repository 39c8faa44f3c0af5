using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Calibration;

/// <summary>
/// CHECKS, not fits: MLPerf Inference v6.0 closed results (scenarios/validation/mlperf60-*.yaml; each file's header gives
/// the source, the submitter's engine settings and what is assumed). ASUSTeK's Llama-2-70B offline and server rows on
/// 8x RTX PRO 6000 Blackwell Server Edition (NVIDIA's TensorRT harness in NVFP4 on a GDDR7 card with no NVLink) and on
/// 8x B300 (TensorRT-LLM's PyTorch backend in NVFP4), two parts no stack was fitted on: each run borrows an H100 entry at
/// the part's own peaks, moved by its measured shares (the B300's FP8, FP4 and streaming ones the GB300's: the same
/// silicon, the FP4 one held to the GB300's FP4 FLOP/s a watt), and says so. They err in opposite directions: the RTX
/// card's step is priced 16 % long and the B300's 16 % short (OperatingPointStepTests). First run 2026-12-06; the changes
/// after it (same_silicon_as, the card's BF16 share, the FP4 hold) were made for their own evidence, and each comment
/// keeps the figures before them. A figure that misses the issue's
/// criterion is held to the band it is in, so that drift either way fails and the README stays true.
/// </summary>
public sealed class MlperfV60ValidationTests(ITestOutputHelper output)
{
    private readonly ErrorBands _bands = new(output);

    [Theory]
    // -24.7 %, a gap (-23.0 % with the Llama-2-70B outputs' cv of 0.6 assumed before 2026-12-07; -24.7 % before the card's
    // measured BF16 matmul share). Two parts: the step at the measured server
    // operating point is 16 % long (OperatingPointStepTests), and at the harness's 1,024 requests a card the simulated
    // KV cache (about 850 of these sequences) overflows, so six in ten requests are preempted and recomputed. With the
    // batch held to 700 (no preemption) the same engine reads -11.1 %.
    [InlineData("mlperf60-asus-rtxpro6000-llama2-70b-offline.yaml", -0.29, -0.19)]   // -24.7 %: NOT met
    // +22.4 %, a Blackwell gap (+23.4 % with the outputs' cv of 0.6, before 2026-12-07; the B200's v5.0 row +11.5 %, the TensorRT-LLM B200 and GB200 tables +18 to +35 %). The
    // real B300 ran 1.11 times the real v5.0 B200 (both NVFP4, 8 TB/s); the simulated one 1.18 times, its FP4 GEMMs at the
    // 1,400 W GB300's measured share held to the GB300's FP4 FLOP/s a watt on this 1,100 W board (6.8 PF/s). +36.5 % with
    // the GB300's share unheld (1.32 times the B200); first run, with the H100 entry's FP8 share at the FP4 peak, +47.6 %.
    [InlineData("mlperf60-asus-b300-llama2-70b-offline.yaml", 0.17, 0.28)]           // +22.4 %: NOT met
    public void Offline_output_tokens_per_second(string file, double bandLow, double bandHigh)
    {
        var r = ScenarioRuns.Validation(file);
        _bands.Check($"{file} output tok/s", r.Overall.OutputTokensPerSecond(r.MeasuredSeconds), Published.Figure(file, "output_tokens_per_s"), 0.10, bandLow, bandHigh);
        _bands.AssertAllInBand();
    }

    [Fact]
    public void RTX_PRO_6000_server_at_the_measured_rate_overloads_the_simulated_cards()
    {
        // The real cards ran 105.41 samples/s at their TPOT limit (p99 195.6 ms of 200) with 603 requests each in flight
        // (Little's law on the mean latency); the simulated ones, whose capacity at the SLOs is a fifth lower
        // (MlperfCapacityValidationTests), fall behind: the queue grows for the whole 10 minutes and the batch sits at the
        // KV cache's limit, so TPOT reads three quarters long and the first token comes after more than a minute.
        // NOT met: TPOT +75.6 / +67.8 %; the running batch +25.2 %, at the KV limit with the queue behind it. The TTFT tail
        // is the queue's, so it is held apart: past a minute at the median.
        const string file = "mlperf60-asus-rtxpro6000-llama2-70b-server.yaml";
        var r = ScenarioRuns.Validation(file);
        _bands.ServerAtMeasuredRate("v6.0 RTX PRO 6000 server", file, r, (0.66, 0.86), (0.58, 0.78), null, (0.15, 0.35));
        Assert.True(r.Classes[0].Ttft.ToSummary().P50 > 30, $"median TTFT {r.Classes[0].Ttft.ToSummary().P50:F1} s: the simulated cards are expected to fall behind");
        _bands.AssertAllInBand();
    }

    [Fact]
    public void B300_server_at_the_measured_rate_runs_far_below_its_simulated_capacity()
    {
        // The real parts ran 379.69 samples/s with 1,117 requests each in flight and 84 ms steps; the simulated ones, whose
        // step at that operating point is 16 % short, serve the rate far below their capacity: under two fifths of the
        // batch, of the step. (-72.7 / -77.4 / -76.9 / -71.7 % with the GB300's FP4 share unheld, -76.6 / -80.6 / -80.4 /
        // -75.6 % with the H100 entry's FP8 share at the FP4 peak.)
        // NOT met: TPOT -62.9 / -68.8 %, p99 TTFT -58.4 %, the batch -61.4 % (p99 TTFT -69.4 % before 2026-12-07, when
        // TensorRT-LLM's PyTorch backend came to form each batch a step ahead, as its overlap scheduler does: schedule_ahead).
        const string file = "mlperf60-asus-b300-llama2-70b-server.yaml";
        _bands.ServerAtMeasuredRate("v6.0 B300 server", file, ScenarioRuns.Validation(file), (-0.68, -0.57), (-0.74, -0.64), (-0.64, -0.53), (-0.67, -0.56));
        _bands.AssertAllInBand();
    }
}

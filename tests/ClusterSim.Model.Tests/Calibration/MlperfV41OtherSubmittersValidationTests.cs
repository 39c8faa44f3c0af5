using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Calibration;

/// <summary>
/// CHECKS, not fits: NVIDIA's MLPerf Inference v4.1 server configurations as other submitters ran them on their own
/// systems, each submitter's class NVIDIA's with only its target rate changed: the DGX-H100's Llama-2-70B (TP2 x 4) and
/// Mixtral-8x7B (TP1 x 8) on four Supermicro H100 systems each (scenarios/validation/mlperf41-supermicro-h100-*-server.yaml), and
/// the H200's Llama-2-70B (TP1 x 8) on Lenovo's and GIGABYTE's H200 systems (mlperf41-lenovo-h200-llama2-70b-server.yaml).
/// First run 2026-12-07 (eleventh session) after every factor was set; nothing was changed after them. Each figure is held
/// to the band it is in. What they add to NVIDIA's own rows: how far apart real runs of one configuration land. The
/// offline runs agree within 2.3 %, the servers' median TPOT by up to 36 % at one rate, their first-token tails by up to
/// three times; and the highest rate each configuration ran within the limits is a floor of its capacity, 0.5 to 10 %
/// above NVIDIA's own (MlperfCapacityValidationTests).
/// </summary>
public sealed class MlperfV41OtherSubmittersValidationTests(ITestOutputHelper output)
{
    private readonly ErrorBands _bands = new(output);

    private const string Llama = "mlperf41-supermicro-h100-llama2-70b-server.yaml";
    private const string Mixtral = "mlperf41-supermicro-h100-mixtral-8x7b-server.yaml";
    private const string H200 = "mlperf41-lenovo-h200-llama2-70b-server.yaml";

    [Theory]
    // measured row ("" for the file as written), then the bands of p50 and p99 TPOT, p99 TTFT and the batch (Little's law
    // on the measurement's mean latency). The simulated replicas keep up with headroom at every rate, at a third to a half
    // of the real batch: the H100 TP2 gap of NVIDIA's row (its TPOT -60 %), on four more systems.
    [InlineData(Llama, "", -0.53, -0.43, -0.53, -0.42, -0.85, -0.75, -0.53, -0.43)]                                         // AS-4125GS-TNHR2-LCC, 81.69: -48.4 / -47.5 %, -80.4 %, -47.9 %
    [InlineData(Llama, "SYS-821GE-TNHR, 75.78 samples/s", -0.67, -0.57, -0.67, -0.56, -0.79, -0.69, -0.67, -0.56)]          // -62.0 / -61.7 %, -73.8 %, -61.6 %
    [InlineData(Llama, "SYS-421GE-TNHR2-LCC, 75.45 samples/s", -0.68, -0.58, -0.68, -0.57, -0.92, -0.82, -0.68, -0.57)]     // -63.2 / -62.5 %, -87.2 %, -62.7 %
    [InlineData(Llama, "AS-8125GS-TNHR, 75.06 samples/s", -0.68, -0.58, -0.68, -0.57, -0.87, -0.77, -0.68, -0.57)]          // -63.2 / -62.8 %, -82.1 %, -62.8 %
    // Mixtral: the DGX-H100 Mixtral gap (NVIDIA's row -30.9 / -32.5 %, -58.9 %, -32.1 %), its first-token tail far further.
    [InlineData(Mixtral, "", -0.39, -0.29, -0.39, -0.28, -0.91, -0.81, -0.40, -0.29)]                                       // SYS-421GE-TNHR2-LCC, 349.65: -34.0 / -33.5 %, -86.4 %, -34.5 %
    [InlineData(Mixtral, "SYS-821GE-TNHR, 347.25 samples/s", -0.40, -0.30, -0.40, -0.29, -0.91, -0.80, -0.41, -0.30)]       // -35.4 / -34.8 %, -85.7 %, -35.8 %
    [InlineData(Mixtral, "AS-4125GS-TNHR2-LCC, 343.29 samples/s", -0.42, -0.31, -0.42, -0.31, -0.90, -0.80, -0.43, -0.32)]  // -36.8 / -36.9 %, -85.2 %, -37.6 %
    [InlineData(Mixtral, "AS-8125GS-TNHR, 341.67 samples/s", -0.42, -0.32, -0.42, -0.31, -0.91, -0.80, -0.43, -0.32)]       // -37.1 / -36.9 %, -85.6 %, -37.9 %
    // NVIDIA's H200 configuration on Lenovo's and GIGABYTE's systems, 3 and 1.5 % over NVIDIA's rate: the real median
    // TPOT 32 and 36 % over NVIDIA's run (124.3 ms), the simulated one 12 and 6 %; the first-token tails within their
    // criterion, as NVIDIA's run's are.
    [InlineData(H200, "", -0.35, -0.25, -0.35, -0.25, -0.30, -0.19, -0.35, -0.24)]                                           // Lenovo, 103.37: -29.9 / -30.3 %, -24.8 %, -29.7 %
    [InlineData(H200, "GIGABYTE G593-SD1, 101.87 samples/s", -0.41, -0.31, -0.42, -0.32, -0.35, -0.24, -0.41, -0.30)]        // -35.9 / -36.9 %, -29.8 %, -35.8 %
    public void Each_system_at_its_measured_rate_latency_and_batch(
        string file, string row, double p50Low, double p50High, double p99Low, double p99High, double ttftLow, double ttftHigh, double batchLow, double batchHigh)
    {
        var r = row.Length == 0 ? ScenarioRuns.Validation(file) : ScenarioRuns.Validation(file, Published.Sets(file, row));
        _bands.ServerAtMeasuredRate($"{file} [{(row.Length == 0 ? "as written" : row)}]", file, r,
            tpotP50: (p50Low, p50High), tpotP99: (p99Low, p99High), ttftP99: (ttftLow, ttftHigh), inFlight: (batchLow, batchHigh),
            row: row.Length == 0 ? null : row);
        _bands.AssertAllInBand();
    }

    [Fact]
    public void One_mixtral_configuration_at_one_rate_measured_first_token_tails_three_times_apart()
    {
        // NVIDIA's DGX-H100 and Supermicro's SYS-421GE ran one Mixtral configuration at 348.06 and 349.65 samples/s, half a
        // per cent apart, and measured p99 TTFT 629 and 1,908 ms. The model gives the two rates one tail (within 2 %): it
        // holds a configuration and a rate, not the system-to-system difference that sets a tail near the knee, whatever
        // it is (both within the limits: 2 s). The issue's 35 % criterion on p99 TTFT is a sixth of this spread (+203 %).
        const string nvidia = "mlperf41-h100-mixtral-8x7b-server.yaml";
        var measured = Published.Figure(Mixtral, "ttft_p99") / Published.Figure(nvidia, "ttft_p99");
        Assert.Equal(3.033, measured, 3);
        var simulated = ScenarioRuns.Validation(Mixtral).Classes[0].Ttft.ToSummary().P99 / ScenarioRuns.Validation(nvidia).Classes[0].Ttft.ToSummary().P99;
        _bands.Shown("Mixtral p99 TTFT, Supermicro's SYS-421GE over NVIDIA's DGX-H100", simulated, measured, -0.70, -0.63);   // 1.00 against 3.03: -66.9 %
        _bands.AssertAllInBand();
    }
}

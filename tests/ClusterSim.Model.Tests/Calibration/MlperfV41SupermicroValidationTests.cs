using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Calibration;

/// <summary>
/// CHECKS, not fits: NVIDIA's MLPerf Inference v4.1 DGX-H100 server configurations (Llama-2-70B at TP2 x 4, Mixtral-8x7B
/// at TP1 x 8) as Supermicro submitted them on four of its own H100 systems each (scenarios/validation/
/// mlperf41-smc-h100-*-server.yaml: every Supermicro class inherits NVIDIA's and sets only its target rate). First run
/// 2026-12-07 (eleventh session) after every factor was set; nothing was changed after them. Each figure is held to the
/// band it is in. What they add to NVIDIA's own rows: how far apart real runs of one configuration land. The offline runs
/// agree within 1.6 % (Llama-2-70B) and 2.3 % (Mixtral), the servers' medians within 11 %, their first-token tails by up
/// to three times; and the liquid-cooled AS-4125GS ran the Llama configuration 9.8 % faster than NVIDIA within the limits,
/// so the configuration's capacity is at least its 81.69 samples/s (MlperfCapacityValidationTests).
/// </summary>
public sealed class MlperfV41SupermicroValidationTests(ITestOutputHelper output)
{
    private readonly ErrorBands _bands = new(output);

    private const string Llama = "mlperf41-smc-h100-llama2-70b-server.yaml";
    private const string Mixtral = "mlperf41-smc-h100-mixtral-8x7b-server.yaml";

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
        // it is (both within the limits: 2 s). The issue's 35 % criterion on p99 TTFT is a tenth of this spread.
        const string nvidia = "mlperf41-h100-mixtral-8x7b-server.yaml";
        var measured = Published.Figure(Mixtral, "ttft_p99") / Published.Figure(nvidia, "ttft_p99");
        Assert.Equal(3.033, measured, 3);
        var simulated = ScenarioRuns.Validation(Mixtral).Classes[0].Ttft.ToSummary().P99 / ScenarioRuns.Validation(nvidia).Classes[0].Ttft.ToSummary().P99;
        _bands.Shown("Mixtral p99 TTFT, Supermicro's SYS-421GE over NVIDIA's DGX-H100", simulated, measured, -0.70, -0.63);   // 1.00 against 3.03: -66.9 %
        _bands.AssertAllInBand();
    }
}

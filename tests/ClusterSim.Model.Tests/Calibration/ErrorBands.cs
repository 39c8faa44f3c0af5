using ClusterSim.Model.Serving.Cluster;
using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Calibration;

/// <summary>
/// A run's figures against their measurements: each printed with its error and whether the issue's criterion is met,
/// then held to the band it is known to be in. Every figure is printed before any fails, so one run shows them all.
/// </summary>
internal sealed class ErrorBands(ITestOutputHelper output)
{
    private readonly List<string> _outside = [];

    public void Check(string what, double simulated, double measured, double criterion, double bandLow, double bandHigh)
    {
        var error = simulated / measured - 1;
        output.WriteLine($"{what}: simulated {simulated:F1}, measured {measured:F1}, {100 * error:+0.0;-0.0} % " +
                         $"(criterion ±{100 * criterion:F0} %: {(Math.Abs(error) <= criterion ? "met" : "NOT MET")})");
        Hold(what, error, bandLow, bandHigh);
    }

    /// <summary>A figure the issue sets no criterion on, printed as such and held to its band all the same.</summary>
    public void Shown(string what, double simulated, double measured, double bandLow, double bandHigh)
    {
        var error = simulated / measured - 1;
        output.WriteLine($"{what}: simulated {simulated:F2}, measured {measured:F2}, {100 * error:+0.0;-0.0} % (no criterion)");
        Hold(what, error, bandLow, bandHigh);
    }

    private void Hold(string what, double error, double bandLow, double bandHigh)
    {
        if (!(error >= bandLow && error <= bandHigh))
        {
            _outside.Add($"{what}: {100 * error:+0.0;-0.0} % outside its band [{100 * bandLow:F0}, {100 * bandHigh:F0}] %");
        }
    }

    /// <summary>
    /// One engine run at two measured rates: its median TPOT at the busier rate over that at the quieter one, against the
    /// same ratio of the two measurements (asserted as <paramref name="measuredRise"/>, to three places, so a changed file
    /// cannot pass unseen); no criterion, held to its band.
    /// </summary>
    public void TpotRise(string what, string busyFile, ServingResult busy, string quietFile, ServingResult quiet, double measuredRise, double bandLow, double bandHigh)
    {
        var measured = Published.Figure(busyFile, "tpot_p50") / Published.Figure(quietFile, "tpot_p50");
        Assert.Equal(measuredRise, measured, 3);
        Shown(what, busy.Classes[0].Tpot.ToSummary().P50 / quiet.Classes[0].Tpot.ToSummary().P50, measured, bandLow, bandHigh);
    }

    public void AssertAllInBand() => Assert.True(_outside.Count == 0, string.Join("; ", _outside));

    /// <summary>
    /// A server run at its measured rate against the file's measured median and p99 TPOT, p99 TTFT (where a band is given)
    /// and Little's-law requests in flight (against the simulated replicas' mean running batch), each held to its band
    /// around the issue's criteria: 25 % on p50 TPOT and the batch, 35 % on the tails. With <paramref name="row"/>, the
    /// figures are that measured row's (the run being the row's, <c>ScenarioRuns.Validation(file, Published.Sets(file, row))</c>).
    /// </summary>
    public void ServerAtMeasuredRate(
        string label, string file, ServingResult r,
        (double Low, double High) tpotP50, (double Low, double High) tpotP99, (double Low, double High)? ttftP99, (double Low, double High) inFlight,
        string? row = null)
    {
        var c = r.Classes[0];
        double Figure(string figure) => row is null ? Published.Figure(file, figure) : Published.Figure(file, row, figure);
        double Ms(string figure) => Figure(figure) * 1e3;
        Check($"{label} p50 TPOT ms", c.Tpot.ToSummary().P50 * 1e3, Ms("tpot_p50"), 0.25, tpotP50.Low, tpotP50.High);
        Check($"{label} p99 TPOT ms", c.Tpot.ToSummary().P99 * 1e3, Ms("tpot_p99"), 0.35, tpotP99.Low, tpotP99.High);
        if (ttftP99 is { } ttft)
        {
            Check($"{label} p99 TTFT ms", c.Ttft.ToSummary().P99 * 1e3, Ms("ttft_p99"), 0.35, ttft.Low, ttft.High);
        }

        Check($"{label} requests in flight", r.TextReplicas.Average(x => x.MeanRunning), Figure("requests_in_system_per_replica"), 0.25, inFlight.Low, inFlight.High);
    }
}

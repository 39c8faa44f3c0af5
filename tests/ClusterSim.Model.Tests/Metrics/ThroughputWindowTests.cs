using ClusterSim.Engine.Core;
using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Requests;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using ClusterSim.Model.Runs;

namespace ClusterSim.Model.Tests.Metrics;

/// <summary>
/// Rates are completions inside the measured window (warm-up end to the end of arrivals): a run
/// that keeps up reports its offered load, not a figure diluted by the drain after arrivals stop.
/// </summary>
public sealed class ThroughputWindowTests
{
    [Fact]
    public void A_run_that_keeps_up_reports_the_offered_rate_within_its_Poisson_interval()
    {
        // 20 req/s for 120 s after 5 s of warm-up, far below the cluster's capacity.
        var scenario = ScenarioLoader.LoadDefault(["run.duration=120s"]);
        var compiled = ScenarioCompiler.Compile(scenario);
        var r = ClusterRun.Execute(compiled);
        var window = SimTime.ToSeconds(Math.Min(r.MeasuredUntilNs, r.SimulatedNs) - r.MeasuredFromNs);
        Assert.Equal(120, window, 9);
        Assert.Equal(120, r.MeasuredSeconds, 9); // what summary.json, the report and the table divide by
        Assert.True(r.SimulatedNs > r.MeasuredUntilNs, "the run should drain past the end of arrivals");

        // Completions in a window track arrivals in it: Poisson count 2,400 +- 3 sd (147).
        var c = r.Classes[0];
        var rate = c.ThroughputRps(window);
        Assert.InRange(rate, 20 - 3 * Math.Sqrt(20 * 120) / 120, 20 + 3 * Math.Sqrt(20 * 120) / 120);

        // The old definition (measured requests over warm-up to the end of the drain) reads low.
        var diluted = c.Measured / SimTime.ToSeconds(r.SimulatedNs - r.MeasuredFromNs);
        Assert.True(diluted < rate, $"diluted {diluted:F2} should be below {rate:F2}");

        // Output tokens per second are those of the same completions.
        Assert.Equal(c.WindowOutputTokens / window, c.OutputTokensPerSecond(window), 9);
        Assert.InRange(c.OutputTokensPerSecond(window) / rate, 150, 350);

        // Tokens per completion against the scenario's size law, worked out independently: log-normal with
        // mean 250 and CV 1 (sigma^2 = ln 2), clamped at 2,048, so E[min(X, c)] = e^(mu + s^2/2) MathNet.Numerics.Distributions.Normal.CDF(0, 1, (ln c - mu - s^2)/s)
        // + c (1 - MathNet.Numerics.Distributions.Normal.CDF(0, 1, (ln c - mu)/s)); its standard deviation is under 250, so 4 standard errors of the mean.
        var s2 = Math.Log(2);
        var s = Math.Sqrt(s2);
        var mu = Math.Log(250) - s2 / 2;
        var cap = 2048.0;
        var clampedMean = Math.Exp(mu + s2 / 2) * MathNet.Numerics.Distributions.Normal.CDF(0, 1, (Math.Log(cap) - mu - s2) / s) + cap * (1 - MathNet.Numerics.Distributions.Normal.CDF(0, 1, (Math.Log(cap) - mu) / s));
        var perCompletion = (double)c.WindowOutputTokens / c.WindowCompleted;
        Assert.InRange(perCompletion, clampedMean - 4 * 250 / Math.Sqrt(c.WindowCompleted), clampedMean + 4 * 250 / Math.Sqrt(c.WindowCompleted));
    }

    private static TextRequest Completed(long arrivalNs, long completedNs, int tokens)
        => new(1, 0, arrivalNs, promptTokens: 5, outputTokens: tokens, prefixHashes: null)
        {
            ScheduledNs = arrivalNs,
            FirstTokenNs = arrivalNs + 1,
            CompletedNs = completedNs,
        };
}

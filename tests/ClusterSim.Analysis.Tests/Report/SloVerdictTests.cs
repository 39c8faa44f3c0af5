using ClusterSim.Analysis.Report;
using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Tests.Report;

public sealed class SloVerdictTests
{
    private const long Ms = 1_000_000;

    /// <summary>A result whose one class has TTFTs of exactly 1, 2, ..., 100 ms (exact histogram buckets are not needed: the nearest-rank p99 is 99 ms within 0.39 %).</summary>
    private static ServingResult Result(SloTargets slo, bool empty = false)
    {
        var c = new ClassMetrics("chat", slo);
        if (!empty)
        {
            for (var v = 1; v <= 100; v++)
            {
                c.Ttft.Record(v * Ms);
                c.E2e.Record(v * 100 * Ms);
            }
        }

        return new ServingResult("hand", 1, 10_000 * Ms, 0, [c], c, [], 0, 0);
    }

    [Fact]
    public void Ttft_p99_of_1_to_100_ms_is_99_ms_so_a_100_ms_target_passes_and_a_90_ms_one_fails()
    {
        // Nearest rank: ceil(0.99 * 100) = the 99th smallest value, 99 ms (reported within 0.39 %).
        var pass = Assert.Single(SloVerdicts.Evaluate(Result(new SloTargets(TtftSeconds: 0.100))));
        Assert.Equal(("chat", "ttft", 99.0, SloOutcome.Pass), (pass.Class, pass.Metric, pass.Percentile, pass.Outcome));
        Assert.Equal(0.099, pass.MeasuredSeconds!.Value, 0.099 * 0.0039);
        Assert.Equal(100, pass.Observations);
        Assert.False(pass.WithinResolution);

        var fail = Assert.Single(SloVerdicts.Evaluate(Result(new SloTargets(TtftSeconds: 0.090))));
        Assert.Equal(SloOutcome.Fail, fail.Outcome);
    }

    [Fact]
    public void Without_a_scenario_a_class_is_judged_at_its_own_percentile_not_at_p99()
    {
        // Nearest rank (LatencyHistogram): p95 of 1..100 ms is the ceil(0.95 * 100) = 95th smallest
        // value, 95 ms. The histogram reports the middle of its bucket: 95e6 ns lies in [2^26, 2^27),
        // cut into 128 buckets of 2^19 = 524,288 ns; 95e6 >> 19 = 181, so the bucket starts at
        // 181 * 524,288 = 94,896,128 ns and its middle is 94,896,128 + 262,143 = 95,158,271 ns.
        // A 96 ms target passes and a 94 ms one fails, each well outside the 0.39 % resolution;
        // judged at p99 (99 ms) both would fail.
        const double P95 = 0.095158271;
        var pass = Assert.Single(SloVerdicts.Evaluate(Result(new SloTargets(TtftSeconds: 0.096) { Percentile = 95 })));
        Assert.Equal(("chat", "ttft", 95.0, SloOutcome.Pass), (pass.Class, pass.Metric, pass.Percentile, pass.Outcome));
        Assert.Equal(P95, pass.MeasuredSeconds!.Value, 12);
        Assert.False(pass.WithinResolution);

        var fail = Assert.Single(SloVerdicts.Evaluate(Result(new SloTargets(TtftSeconds: 0.094) { Percentile = 95 })));
        Assert.Equal((95.0, SloOutcome.Fail), (fail.Percentile, fail.Outcome));
        Assert.Equal(P95, fail.MeasuredSeconds!.Value, 12);
        Assert.False(fail.WithinResolution);
    }

    [Fact]
    public void The_scenarios_percentile_is_used_and_every_text_metric_is_judged()
    {
        // p50 of TTFT 1..100 ms is 50 ms; p50 of E2E 0.1..10 s is 5 s.
        var scenario = Scenario(new SloSpec(0.049, 0.010, null, 5.1, null, null, null, 50));
        var verdicts = SloVerdicts.Evaluate(Result(SloTargets.None), scenario);
        Assert.Equal(["ttft", "tbt", "e2e"], verdicts.Select(v => v.Metric));
        Assert.All(verdicts, v => Assert.Equal(50, v.Percentile));
        Assert.Equal(SloOutcome.Fail, verdicts[0].Outcome);
        Assert.Equal(SloOutcome.NoData, verdicts[1].Outcome); // no gap was recorded
        Assert.Null(verdicts[1].MeasuredSeconds);
        Assert.Equal(SloOutcome.Pass, verdicts[2].Outcome);
        Assert.Equal(5.0, verdicts[2].MeasuredSeconds!.Value, 5.0 * 0.0039);
    }

    [Fact]
    public void A_target_within_the_histograms_error_of_the_measurement_is_flagged()
    {
        var verdict = Assert.Single(SloVerdicts.Evaluate(Result(new SloTargets(TtftSeconds: 0.0990))));
        Assert.True(verdict.WithinResolution);
    }

    [Fact]
    public void Nothing_measured_gives_no_verdict_rather_than_a_pass()
    {
        var verdict = Assert.Single(SloVerdicts.Evaluate(Result(new SloTargets(TtftSeconds: 1), empty: true)));
        Assert.Equal(SloOutcome.NoData, verdict.Outcome);
    }

    private static Scenario Scenario(SloSpec slo)
    {
        var s = ScenarioLoader.LoadDefault();
        var w = (TextWorkloadSpec)s.Workloads[0];
        return s with { Workloads = [w with { Slo = slo }] };
    }
}

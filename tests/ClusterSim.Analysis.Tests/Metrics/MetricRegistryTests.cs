using ClusterSim.Analysis.Metrics;
using ClusterSim.Analysis.Planning;
using ClusterSim.Analysis.Sweeps;
using ClusterSim.Analysis.Tests.Charts;

namespace ClusterSim.Analysis.Tests.Metrics;

/// <summary>The registry as every output reads it: names, order, units and values against hand-written truth.</summary>
public sealed class MetricRegistryTests
{
    [Fact]
    public void Sweep_columns_keep_the_names_and_order_of_sweep_csv()
    {
        // Written out by hand: sweep.csv and runs.csv of earlier sweeps must still line up.
        string[] expected =
        [
            "ttft_mean_s", "ttft_p50_s", "ttft_p90_s", "ttft_p99_s", "ttft_p999_s",
            "tbt_mean_s", "tbt_p50_s", "tbt_p90_s", "tbt_p99_s", "tbt_p999_s",
            "tpot_mean_s", "tpot_p50_s", "tpot_p90_s", "tpot_p99_s", "tpot_p999_s",
            "e2e_mean_s", "e2e_p50_s", "e2e_p90_s", "e2e_p99_s", "e2e_p999_s",
            "offered_rps", "throughput_rps", "goodput_rps", "output_tokens_per_s", "slo_attainment",
            "accelerator_utilization", "cost_usd_per_hour", "cost_per_mtok_usd",
        ];
        Assert.Equal(expected, SweepMetrics.Names);
    }

    [Fact]
    public void Metric_names_are_unique_and_snake_case()
    {
        var names = MetricRegistry.All.Select(m => m.Name).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(names, n => Assert.Matches("^[a-z][a-z0-9_]*$", n));
        Assert.All(MetricRegistry.All.Where(m => m.Type == MetricType.Latency), m => Assert.EndsWith("_s", m.Name));
    }

    [Theory]
    [InlineData("ttft_p99=1s", "ttft_p99_s")]
    [InlineData("tbt_p50=20ms", "tbt_p50_s")]
    [InlineData("e2e_mean=20s", "e2e_mean_s")]
    [InlineData("tpot_p999=0.1", "tpot_p999_s")]
    [InlineData("attainment=0.99", "slo_attainment")]
    [InlineData("slo_attainment=0.9", "slo_attainment")]
    public void Slo_objectives_name_sweep_columns(string text, string column)
    {
        var slo = SloConstraint.Parse(text);
        Assert.Equal(column, slo.Metric);
        Assert.True(SweepMetrics.IndexOf(slo.Metric) >= 0);
    }

    [Fact]
    public void An_unknown_objective_lists_the_registry_families_and_statistics()
    {
        var ex = Assert.Throws<SweepInputException>(() => SloConstraint.Parse("qeue_p99=1s"));
        Assert.Contains("expected on a text class ttft, tbt, tpot or e2e with _mean, _p50, _p90, _p99 or _p999;", ex.Message);
        Assert.Contains("on any class attainment or dropped", ex.Message);
        Assert.Contains("did you mean 'queue_p99'?", ex.Message);
    }

    [Fact]
    public void Sweep_figures_of_a_run_are_those_the_result_gives_by_hand()
    {
        var (_, _, result) = SmallRun.Run();
        var cost = result.Facility!.Cost;
        var rows = SweepMetrics.Extract(result, arrivalWindowSeconds: 4, cost);
        var chat = result.Classes[0];
        var row = rows[0];
        var measured = result.MeasuredSeconds;
        Assert.Equal(chat.Ttft.ToSummary().P99, row[SweepMetrics.IndexOf("ttft_p99_s")]);
        Assert.Equal(chat.E2e.ToSummary().Mean, row[SweepMetrics.IndexOf("e2e_mean_s")]);
        Assert.Equal(chat.Arrived / 4.0, row[SweepMetrics.IndexOf("offered_rps")]);
        Assert.Equal(chat.WindowCompleted / measured, row[SweepMetrics.IndexOf("throughput_rps")]);
        Assert.True(double.IsNaN(row[SweepMetrics.IndexOf("accelerator_utilization")]), "a cluster figure on a class row");

        var overall = rows[^1];
        Assert.Equal(result.AcceleratorUtilization, overall[SweepMetrics.IndexOf("accelerator_utilization")]);
        // The run's cost, as summary.json has it: total over the run's hours, and (one text pool, so all of
        // it) over every output token of the run.
        Assert.Equal(cost.TotalUsd / (result.SimulatedNs / 1e9 / 3600), overall[SweepMetrics.IndexOf("cost_usd_per_hour")], 9);
        Assert.Equal(cost.TotalUsd / result.Overall.OutputTokens * 1e6, overall[SweepMetrics.IndexOf("cost_per_mtok_usd")], 9);
        Assert.True(double.IsNaN(row[SweepMetrics.IndexOf("cost_usd_per_hour")]), "a cluster figure on a class row");
    }

    [Fact]
    public void Table_and_report_columns_are_registry_columns_with_units()
    {
        Assert.All(MetricRegistry.TableColumns.Concat(MetricRegistry.ReportRequestColumns).Concat(MetricRegistry.ReportLatencyColumns),
            c => Assert.False(string.IsNullOrEmpty(c.Unit), c.Name));
        Assert.Contains(MetricRegistry.TableColumns, c => c.Name == "ttft_p99_s");
    }
}

using ClusterSim.Analysis.Charts;
using ClusterSim.Model.Metrics;

namespace ClusterSim.Analysis.Tests.Charts;

public sealed class ChartFileTests
{
    private static readonly Lazy<(ClusterSim.Scenarios.Scenario Scenario, ClusterSim.Model.Serving.Cluster.ServingResult Result, IReadOnlyList<Chart> Charts)> Run =
        new(() => SmallRun.WithCharts());

    private static IReadOnlyList<Chart> RunChartList => Run.Value.Charts;

    [Fact]
    public void A_run_gives_latency_cdfs_and_every_per_replica_series_over_time()
    {
        Assert.Equal(
            ["ttft-cdf", "tbt-cdf", "tpot-cdf", "e2e-cdf", "ttft-percentiles-over-time", "e2e-percentiles-over-time", "utilization-over-time", "batch-size-over-time", "kv-occupancy-over-time", "queue-length-over-time", "busy-time-llama-8b"],
            RunChartList.Select(c => c.Name));
    }

    [Fact]
    public void A_video_run_draws_its_own_latency_and_no_empty_text_charts_and_an_autoscaled_pool_its_replicas_in_service()
    {
        // The video farm alone: no text class (the text CDFs and latency-over-time would be empty), no KV cache; its own
        // arrival-to-completion CDF with the deadline instead, and, with its pool scaling, the replicas serving over time.
        var file = Path.Combine(SmallRun.RepoRoot, "scenarios", "video-farm.yaml");
        var (scenario, _, result) = SmallRun.Run(["run.duration=3h",
            "deployments[wan-14b].policies={autoscaling: {name: threshold, min_replicas: 1, max_replicas: 4, scale_up_at: 0.8, scale_down_at: 0.3, startup: 120s}}"], file: file);
        var charts = RunCharts.Create(result, new RunChartOptions { Scenario = scenario });
        Assert.Equal(["video-latency-cdf", "batch-size-over-time", "queue-length-over-time", "serving-replicas-over-time"], charts.Select(c => c.Name));
        Assert.Equal(["text-to-video", "text-to-video SLO: p95 ≤ 15 min"], charts[0].Series);

        // The series is the pool's replicas in service: its time-weighted mean over the run is the mean the summary gives.
        var scaling = Assert.Single(result.Autoscaling!);
        Assert.Equal(["wan-14b"], charts[^1].Series);
        var buckets = scaling.ServingSeries;
        var mean = buckets.Sum(b => b.Mean * (b.EndNs - b.StartNs)) / (buckets[^1].EndNs - buckets[0].StartNs);
        Assert.Equal(scaling.MeanRunningReplicas, mean, 9);
        Assert.InRange(buckets.Min(b => b.Mean), 1, 4);
        Assert.True(buckets.Max(b => b.Max) > 1, "the pool scaled above its minimum");
    }

    [Fact]
    public void Every_chart_saves_a_valid_png_of_its_stated_size_and_an_svg_that_parses()
    {
        var dir = Directory.CreateTempSubdirectory("clustersim-charts-");
        try
        {
            foreach (var chart in RunChartList)
            {
                var written = chart.Save(dir.FullName);
                Assert.Equal([Path.Combine(dir.FullName, chart.Name + ".png"), Path.Combine(dir.FullName, chart.Name + ".svg")], written);
                var (width, height) = PngFile.Check(File.ReadAllBytes(written[0]));
                Assert.Equal((Chart.DefaultWidth, Chart.DefaultHeight), (width, height));
                var svg = SvgFile.Parse(File.ReadAllText(written[1]));
                Assert.Equal(chart.Title, svg.Title);
                Assert.Equal(Chart.DefaultWidth.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)svg.Root.Attribute("width"));
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Every_svg_draws_its_title_and_names_each_series_in_the_legend()
    {
        var (_, result, charts) = Run.Value;
        foreach (var chart in charts)
        {
            var svg = SvgFile.Parse(chart.ToSvg());
            Assert.Contains(chart.Title, svg.Texts);
            foreach (var series in chart.Series)
            {
                Assert.Contains(series, svg.Texts);
            }
        }

        // The series are the ones the run has: its class (and its SLO) on the CDFs, each replica over time.
        var ttft = charts.Single(c => c.Name == "ttft-cdf");
        Assert.Equal(["chat", "chat SLO: p99 ≤ 500 ms"], ttft.Series);
        var tpot = charts.Single(c => c.Name == "tpot-cdf");
        Assert.Equal(["chat", "chat SLO: p99 ≤ 50 ms"], tpot.Series);
        var batch = charts.Single(c => c.Name == "batch-size-over-time");
        Assert.Equal(result.Replicas.Select(r => $"replica {r.Index} ({r.Pool})"), batch.Series);
    }

    [Fact]
    public void The_busy_time_chart_has_a_bar_for_each_part_the_deployment_spent_time_in()
    {
        var (_, result, charts) = Run.Value;
        var svg = SvgFile.Parse(charts.Single(c => c.Name == "busy-time-llama-8b").ToSvg());
        var parts = result.Replicas.SelectMany(r => r.BusyParts!).Where(p => p.Seconds > 0).Select(p => p.Name.Replace('_', ' ')).Distinct().ToList();
        Assert.Contains("weight stream", parts);
        Assert.Contains("collectives", parts); // TP2
        Assert.All(parts, p => Assert.Contains(p, svg.Texts));
        Assert.DoesNotContain("expert gemm", svg.Texts); // a dense model spends nothing there, and gets no bar
    }

    [Fact]
    public void Every_data_series_is_drawn_as_a_line_in_the_plot_area()
    {
        foreach (var chart in RunChartList.Where(c => !c.Name.StartsWith("busy-time-", StringComparison.Ordinal))) // bars, not lines
        {
            // Data series are the legend entries that are not reference lines (those end the list).
            var dataSeries = chart.Series.Count(s => !s.Contains("SLO", StringComparison.Ordinal) && s != "end of warm-up");
            Assert.True(SvgFile.Parse(chart.ToSvg()).DataLines(segments: 5) >= dataSeries, $"{chart.Name}: fewer drawn lines than its {dataSeries} series");
        }
    }

    [Fact]
    public void Every_text_uses_the_embedded_font()
    {
        foreach (var chart in RunChartList)
        {
            var families = SvgFile.Parse(chart.ToSvg()).FontFamilies.Distinct().ToList();
            Assert.Equal(["DejaVu Sans"], families);
        }
    }

    [Fact]
    public void The_same_chart_renders_to_the_same_bytes_whatever_was_drawn_before()
    {
        var first = Chart.LatencyCdf("t", "Same", "latency", [("a", Histogram(1_000_000, 2_000_000, 5_000_000))]);
        var svg = first.ToSvg();
        var png = first.ToPng();

        // Draw other charts in between: ScottPlot's internal id counter moves on.
        foreach (var chart in RunChartList)
        {
            _ = chart.ToSvg();
        }

        var again = Chart.LatencyCdf("t", "Same", "latency", [("a", Histogram(1_000_000, 2_000_000, 5_000_000))]);
        Assert.Equal(svg, again.ToSvg());
        Assert.Equal(png, again.ToPng());
    }

    [Fact]
    public void Charts_rendered_on_several_threads_at_once_match_the_ones_rendered_alone()
    {
        // Sweeps draw their charts in parallel: the shared font registration must hold up.
        var alone = RunChartList.Select(c => (c.ToSvg(), c.ToPng())).ToArray();
        var together = new (string, byte[])[RunChartList.Count * 4];
        Parallel.For(0, together.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var c = RunChartList[i % RunChartList.Count];
            var copy = Chart.LatencyCdf("p" + i, "Parallel " + i, "latency", [("a", Histogram(1_000 * (i + 1), 5_000_000))]);
            _ = copy.ToPng();
            together[i] = (c.ToSvg(), c.ToPng());
        });
        for (var i = 0; i < together.Length; i++)
        {
            Assert.Equal(alone[i % alone.Length].Item1, together[i].Item1);
            Assert.Equal(alone[i % alone.Length].Item2, together[i].Item2);
        }
    }

    [Fact]
    public void Svg_ids_are_unique_across_charts_so_they_can_share_a_page()
    {
        var ids = RunChartList.SelectMany(c => SvgFile.Parse(c.ToSvg()).Root.Descendants().Select(e => (string?)e.Attribute("id")).OfType<string>()).ToList();
        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Lines_chart_for_sweeps_draws_series_error_bars_reference_lines_and_markers()
    {
        var chart = Chart.Lines("p99-vs-load", "p99 TTFT against load", "Arrival rate (req/s)", "p99 TTFT (s)",
            [
                new ChartSeries("H100", [5, 10, 20, 40], [0.1, 0.12, 0.3, 2.5], [0.01, 0.01, 0.05, 0.4]),
                new ChartSeries("MI300X", [5, 10, 20, 40], [0.09, 0.1, 0.2, 1.1]),
            ],
            [new ReferenceLine("SLO 1 s", 1.0)],
            [new ChartMarker("knee (H100)", 20, 0.3)]);
        Assert.Equal(["H100", "MI300X", "SLO 1 s", "knee (H100)"], chart.Series);
        var svg = SvgFile.Parse(chart.ToSvg());
        Assert.Equal("p99 TTFT against load", svg.Title);
        foreach (var label in chart.Series.Append("Arrival rate (req/s)").Append("p99 TTFT (s)"))
        {
            Assert.Contains(label, svg.Texts);
        }

        Assert.True(svg.DataLines(segments: 3) >= 2);
        PngFile.Check(chart.ToPng());
    }

    [Fact]
    public void Lines_chart_rejects_series_of_unequal_length()
    {
        var ex = Assert.Throws<ArgumentException>(() => Chart.Lines("x", "x", "x", "y", [new ChartSeries("bad", [1, 2], [1])]));
        Assert.Contains("'bad'", ex.Message);
    }

    [Fact]
    public void Power_pue_and_cost_charts_appear_when_the_facility_figures_are_given()
    {
        var (_, result, _) = Run.Value;
        var power = new[] { new SeriesBucket(0, 1_000_000_000, 9_000, 9_500), new SeriesBucket(1_000_000_000, 2_000_000_000, 10_000, 10_400) };
        var pue = new[] { new SeriesBucket(0, 1_000_000_000, 1.2, 1.25), new SeriesBucket(1_000_000_000, 2_000_000_000, 1.3, 1.3) };
        var charts = RunCharts.Create(result, new RunChartOptions
        {
            PowerWatts = power,
            Pue = pue,
            CostBreakdown = [("accelerators", 12.5), ("energy", 1.75), ("cooling", 0.5)],
        });
        Assert.Equal(["power-over-time", "pue-over-time", "cost-breakdown"], charts.Select(c => c.Name).TakeLast(3));
        var cost = SvgFile.Parse(charts[^1].ToSvg());
        foreach (var item in new[] { "accelerators", "energy", "cooling", "Cost breakdown" })
        {
            Assert.Contains(item, cost.Texts);
        }

        // No utilization recorder, no busy-fraction chart; no scenario, targets from the result.
        Assert.DoesNotContain(charts, c => c.Name == "utilization-over-time");
        Assert.Equal(["chat", "chat SLO: ≤ 500 ms"], charts.Single(c => c.Name == "ttft-cdf").Series);
    }

    [Fact]
    public void Many_replicas_are_drawn_as_one_mean_line_per_pool()
    {
        var (_, result, _) = Run.Value;
        var chart = RunCharts.Create(result, new RunChartOptions { MaxReplicaLines = 2 }).Single(c => c.Name == "batch-size-over-time");
        Assert.Equal([$"llama-8b (mean of {result.Replicas.Count} replicas)"], chart.Series);
        Assert.Equal("Batch size per pool over time", chart.Title);
    }

    [Fact]
    public void A_chart_without_data_says_so()
    {
        var chart = Chart.LatencyCdf("empty", "Nothing measured", "latency", [("a", new LatencyHistogram())]);
        Assert.Empty(chart.Series);
        Assert.Contains("no data", SvgFile.Parse(chart.ToSvg()).Texts);
    }

    [Fact]
    public void Slug_makes_file_stems()
    {
        Assert.Equal("p99-ttft-against-load", Chart.Slug("p99 TTFT against load!"));
        Assert.Equal("chart", Chart.Slug("≤≤"));
    }

    private static LatencyHistogram Histogram(params long[] values)
    {
        var h = new LatencyHistogram();
        foreach (var v in values)
        {
            h.Record(v);
        }

        return h;
    }
}

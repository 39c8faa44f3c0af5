using System.Text.RegularExpressions;
using ClusterSim.Analysis.Accuracy;
using ClusterSim.Analysis.Charts;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Tests.Accuracy;

/// <summary>
/// The page and charts `clustersim accuracy` writes: every case and figure on one self-contained page with the verdict
/// of the checks' criteria worked as written, and each checked figure drawn against its measurement.
/// </summary>
public sealed partial class AccuracyReportTests
{
    private static readonly MeasuredSpec Check = new("a benchmark <table 2>", MeasuredRole.Check, "chat", []);

    private static readonly MeasuredSpec Fit = new("a calibration", MeasuredRole.Fit, "chat", []);

    private static IReadOnlyList<AccuracyResult> Results(double rowTwoSimulated) =>
    [
        new("a.yaml", "a", null, Check, [new("output_tokens_per_s", false, 1000, 1100, 0.1), new("ttft_p99", true, 0.5, 0.4, 0.35)]),
        new("a.yaml", "a", "row 2", Check, [new("output_tokens_per_s", false, 2000, rowTwoSimulated, 0.1), new("capacity_rps", false, 10, double.NaN, 0.1) { NotRun = true }]),
        new("b.yaml", "b", null, Fit, [new("output_tokens_per_s", false, 500, 500, null)]),
    ];

    [Fact]
    public void The_page_holds_every_case_and_figure_with_the_verdict_of_the_checks_criteria()
    {
        var results = Results(2500); // +25 %: misses its 10 %
        var html = AccuracyReport.Html(results, AccuracyReport.Charts(results));

        // Three criteria judged (the capacity was not run, so it is not): 1100/1000 and 0.4/0.5 met, 2500/2000 missed.
        Assert.Contains("<p class=\"verdict fail\" id=\"verdict\">1 of 3 criteria of the checks missed.</p>", html, StringComparison.Ordinal);
        Assert.Contains("<h1>ClusterSim accuracy: 2 configuration(s) against their measurements</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<h3>a [row 2] <span class=\"hint\">check, workload chat</span></h3>", html, StringComparison.Ordinal);
        Assert.Contains("<h3>b <span class=\"hint\">fit, workload chat</span></h3>", html, StringComparison.Ordinal);
        Assert.Contains("a benchmark &lt;table 2&gt;", html, StringComparison.Ordinal); // text is escaped (± as &#177;)
        Assert.Contains("<td class=\"num\">+25.0 %</td><td>&#177;10 %</td><td>NOT MET</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">-20.0 %</td><td>&#177;35 %</td><td>met</td>", html, StringComparison.Ordinal);
        var every = html[html.IndexOf("<section id=\"figures\">", StringComparison.Ordinal)..];
        Assert.Equal(5, Regex.Count(every, "<tr><td>(output_tokens_per_s|ttft_p99|capacity_rps)</td><td class=\"num\">")); // every figure, once

        // The three charts inline, and nothing fetched or run.
        Assert.Equal(3, Regex.Count(html, "<figure id=\"chart-accuracy-"));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(HttpReference(), html);

        // All criteria met: a pass. The same results: the same bytes.
        var met = Results(2100);
        Assert.Contains("<p class=\"verdict pass\" id=\"verdict\">PASS: all 3 criteria of the checks met.</p>", AccuracyReport.Html(met, []), StringComparison.Ordinal);
        Assert.Equal(html, AccuracyReport.Html(Results(2500), AccuracyReport.Charts(Results(2500))));
    }

    [Fact]
    public void Each_checked_figure_is_drawn_against_its_measurement_and_fits_are_left_out()
    {
        var charts = AccuracyReport.Charts(Results(2500));

        Assert.Equal(["accuracy-by-figure", "accuracy-rates", "accuracy-durations"], charts.Select(c => c.Name));
        // Rates: the two checked throughputs (the fit and the capacity not run are left out), with the guides.
        Assert.Equal(["output_tokens_per_s", "simulated = measured", "±10 %"], charts[1].Series);
        Assert.Equal(["ttft", "simulated = measured", "±10 %"], charts[2].Series);
    }

    [Fact]
    public void The_checks_are_summarised_by_what_they_ran_on_and_the_fits_are_left_out()
    {
        static Dictionary<string, string> On(string accelerator, string stack, string architecture)
            => new() { ["accelerator"] = accelerator, ["stack"] = stack, ["architecture"] = architecture };
        IReadOnlyList<AccuracyResult> results =
        [
            new("a.yaml", "a", null, Check, [new("output_tokens_per_s", false, 100, 110, 0.1), new("output_tokens_per_s", false, 100, 90, null)]) { Groups = On("h100-sxm", "vllm", "dense") },
            new("b.yaml", "b", null, Check, [new("output_tokens_per_s", false, 100, 150, 0.1)]) { Groups = On("b200", "vllm", "mixture of experts") },
            new("c.yaml", "c", null, Fit, [new("output_tokens_per_s", false, 100, 300, null)]) { Groups = On("b200", "vllm", "dense") },
        ];

        var byAccelerator = AccuracyGroups.Summaries(results, "accelerator");
        Assert.Equal(["h100-sxm", "b200"], byAccelerator.Select(g => g.Group)); // most figures first; the fit's 200 % is not counted
        Assert.Equal((1, 2, 1, 1), (byAccelerator[0].Checks.Files, byAccelerator[0].Checks.Figures, byAccelerator[0].Checks.Criteria, byAccelerator[0].Checks.Met));
        Assert.Equal(0.1, byAccelerator[0].Checks.MedianAbsoluteError, 12); // |+10 %| and |-10 %|
        Assert.Equal((1, 0), (byAccelerator[1].Checks.Figures, byAccelerator[1].Checks.Met));
        Assert.Equal(0.5, byAccelerator[1].Checks.MedianAbsoluteError, 12);
        Assert.Equal(["vllm"], AccuracyGroups.Summaries(results, "stack").Select(g => g.Group));

        var text = AccuracyReport.Text(results);
        Assert.Matches(@"\n  mixture of experts +1 +1 +50.0 % +0 of 1\n", text);
        Assert.DoesNotContain("  by stack", text, StringComparison.Ordinal); // one group says nothing the summary does not
        Assert.Contains("\"checks_by\": {", AccuracyReport.Json(results), StringComparison.Ordinal);
    }

    [Fact]
    public void A_log_log_chart_leaves_out_points_it_cannot_place_and_says_when_none_is_left()
    {
        var chart = Chart.Against("c", "t", "x", "y", [new ChartSeries("kept", [1, 10, 0, -1, double.NaN], [2, 9, 5, 5, 5]), new ChartSeries("none", [0], [1])], 0.1);
        Assert.Equal(["kept", "simulated = measured", "±10 %"], chart.Series);
        Assert.Contains("kept", chart.ToSvg(), StringComparison.Ordinal);

        var empty = Chart.Against("c", "t", "x", "y", [new ChartSeries("none", [0], [1])], 0.1);
        Assert.Empty(empty.Series);
        Assert.Contains("no data", empty.ToSvg(), StringComparison.Ordinal);
    }

    [GeneratedRegex("(src|href)=\"https?:", RegexOptions.IgnoreCase)]
    private static partial Regex HttpReference();
}

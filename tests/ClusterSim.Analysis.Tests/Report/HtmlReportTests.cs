using System.Text.RegularExpressions;
using System.Xml.Linq;
using ClusterSim.Analysis.Charts;
using ClusterSim.Analysis.Report;
using ClusterSim.Analysis.Tests.Charts;

namespace ClusterSim.Analysis.Tests.Report;

public sealed partial class HtmlReportTests
{
    private static readonly Lazy<(ClusterSim.Scenarios.Scenario Scenario, ClusterSim.Model.Serving.Cluster.ServingResult Result, IReadOnlyList<Chart> Charts, string Html)> Report = new(() =>
    {
        var (scenario, result, charts) = SmallRun.WithCharts();
        return (scenario, result, charts, HtmlReport.Write(result, scenario, charts, ["an assumption <with> markup"]));
    });

    [Fact]
    public void Report_is_self_contained_no_script_no_external_resource()
    {
        var html = Report.Value.Html;
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(http", html, StringComparison.OrdinalIgnoreCase);

        // The only URLs are XML namespace names (never fetched) and in-page references.
        foreach (Match m in UrlLike().Matches(html))
        {
            Assert.True(m.Value is "http://www.w3.org/2000/svg" or "http://www.w3.org/1999/xlink", $"external reference {m.Value}");
        }

        foreach (Match m in Reference().Matches(html))
        {
            Assert.StartsWith("#", m.Groups[1].Value);
        }
    }

    [Fact]
    public void Report_embeds_every_chart_as_an_inline_svg_that_parses()
    {
        var (_, result, charts, html) = Report.Value;
        var svgs = InlineSvgs().Matches(html).Select(m => XElement.Parse(m.Value)).ToList();

        // The energy section's own charts (site power, PUE over time) come first, then the run's charts in order.
        Assert.NotNull(result.Facility);
        string[] energy = ["energy-power", "energy-pue"];
        Assert.Equal([.. energy, .. charts.Select(c => c.Name)], svgs.Select(s => (string?)s.Attribute("data-chart")));
        for (var i = 0; i < charts.Count; i++)
        {
            Assert.Equal(charts[i].Title, svgs[energy.Length + i].Element(XName.Get("title", "http://www.w3.org/2000/svg"))?.Value);
        }
    }

    [Fact]
    public void Report_names_the_scenario_its_settings_and_a_verdict_for_every_slo()
    {
        var (scenario, result, _, html) = Report.Value;
        Assert.Contains("<title>ClusterSim report: default</title>", html);
        Assert.Contains(scenario.Description!, html);
        Assert.Contains("least_outstanding", html);
        Assert.Contains("NVIDIA H100 SXM5 80GB", html);
        Assert.Contains("ttft ≤ 500 ms, tpot ≤ 50 ms at p99", html);
        Assert.Contains("an assumption &lt;with&gt; markup", html);

        var verdicts = SloVerdicts.Evaluate(result, scenario);
        Assert.Equal(2, verdicts.Count);
        var rows = SloRow().Matches(html).ToList();
        Assert.Equal(verdicts.Count, rows.Count);
        for (var i = 0; i < verdicts.Count; i++)
        {
            Assert.Equal(verdicts[i].Outcome == SloOutcome.Pass ? "pass" : "fail", rows[i].Groups[1].Value);
        }

        var banner = verdicts.All(v => v.Outcome == SloOutcome.Pass) ? "PASS: all 2 SLOs met." : "FAIL";
        Assert.Contains(banner, html);
    }

    [Fact]
    public void An_autoscaled_run_reports_what_each_pools_scaler_did_and_a_fixed_one_has_no_such_section()
    {
        Assert.DoesNotContain("id=\"autoscaling\"", Report.Value.Html);

        var file = Path.Combine(SmallRun.RepoRoot, "scenarios", "video-farm.yaml");
        var (scenario, _, result) = SmallRun.Run(["run.duration=3h",
            "deployments[wan-14b].policies={autoscaling: {name: threshold, min_replicas: 1, max_replicas: 4, scale_up_at: 0.8, scale_down_at: 0.3, startup: 120s}}"], file: file);
        var html = HtmlReport.Write(result, scenario, RunCharts.Create(result, new RunChartOptions { Scenario = scenario }));
        var p = Assert.Single(result.Autoscaling!);
        var section = html[html.IndexOf("<section id=\"autoscaling\">", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("</section>", StringComparison.Ordinal)];
        var cells = Regex.Matches(section, "<td[^>]*>([^<]*)</td>").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(
            ["wan-14b", Format.Integer(p.ScaleUps), "0", Format.Integer(p.ScaleDowns), Format.Significant(p.MeanRunningReplicas),
                Format.Significant(p.SleepingReplicaHours), "0", Format.Significant(120.0 * p.ScaleUps)],
            cells);
        Assert.True(p.ScaleUps > 0);
    }

    [Fact]
    public void A_policy_the_scenario_left_out_is_marked_as_the_default()
    {
        // The default scenario names no policy: each shows as the default it is (the run's notes say whose).
        var (scenario, result, charts, html) = Report.Value;
        Assert.True(scenario.Policies.Batching.Defaulted);
        Assert.Contains("<th>Batching</th><td>continuous(scheduler_steps=1, schedule_ahead=engine) (not named: the default)</td>", html);

        // Named, it is shown as written.
        var named = scenario with { Policies = scenario.Policies with { Batching = scenario.Policies.Batching with { Defaulted = false } } };
        Assert.Contains("<th>Batching</th><td>continuous(scheduler_steps=1, schedule_ahead=engine)</td>", HtmlReport.Write(result, named, charts));
    }

    [Fact]
    public void The_deployments_table_says_how_a_mixture_of_experts_uses_its_tensor_group()
    {
        var (scenario, result, charts, _) = Report.Value;
        var moe = scenario with
        {
            Deployments = [scenario.Deployments[0] with { ExpertParallel = 2 }, scenario.Deployments[0] with { Name = "dp", AttentionDataParallel = true, ExpertParallel = 2 }],
        };
        var html = HtmlReport.Write(result, moe, charts);
        Assert.Contains("<td class=\"num\">2 (ep 2)</td>", html);
        Assert.Contains("<td class=\"num\">2 (attention dp, ep 2)</td>", html);
    }

    [Fact]
    public void A_missed_slo_turns_the_report_to_fail()
    {
        // 1 ms TTFT at p99 is out of reach for an 8B model's prefill.
        var (scenario, result, charts) = SmallRun.WithCharts([.. SmallRun.Short, "workloads.chat.slo.ttft=1ms"]);
        var html = HtmlReport.Write(result, scenario, charts);
        Assert.Contains("FAIL: 1 of 2 SLOs missed.", html);
        Assert.Single(SloRow().Matches(html), m => m.Groups[1].Value == "fail");
    }

    [Fact]
    public void A_class_with_slos_but_no_results_is_reported_as_not_judged()
    {
        // E.g. a video class while only text classes are simulated: it must not hide behind a PASS.
        var (scenario, result, charts, _) = Report.Value;
        var ghost = scenario with { Workloads = [.. scenario.Workloads, scenario.Workloads[0] with { Name = "ghost" }] };
        var html = HtmlReport.Write(result, ghost, charts);
        Assert.Contains("1 class with SLOs not judged (no results).", html);
        Assert.Contains("Not judged, because this run has no results for them: ghost (text: ttft ≤ 500 ms, tpot ≤ 50 ms at p99).", html);
        Assert.DoesNotContain("Not judged", Report.Value.Html);
    }

    [Fact]
    public void The_cost_inputs_show_the_network_and_the_plant_priced_on_the_nameplate_power()
    {
        // The default node group (one 8x H100 node) with a network and a plant price given; by hand, the plant's capital is
        // its price per kW times the run's own nameplate IT power.
        var (scenario, _, result) = SmallRun.Run([.. SmallRun.Short, "facility.costs.network_usd=50000", "facility.costs.cooling_usd_per_kw=3000"]);
        var html = HtmlReport.Write(result, scenario, [], []);
        var designKw = result.Facility!.Energy.DesignItKw;
        Assert.Contains("<tr><th>Network capital</th><td>50,000 USD</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains($"<tr><th>Cooling and power plant capital</th><td>{Format.Significant(3000 * designKw)} USD (3,000 USD per kW x {Format.Significant(designKw)} kW)</td></tr>",
            html, StringComparison.Ordinal);
        Assert.Equal(3000 * designKw, result.Facility.Cost.Inputs.CoolingUsdPerKw!.Value * result.Facility.Cost.Inputs.DesignItKw!.Value, 9);
    }

    [Fact]
    public void The_same_run_gives_the_same_report_bytes()
    {
        var (scenario, result, charts) = SmallRun.WithCharts();
        var again = HtmlReport.Write(result, scenario, charts, ["an assumption <with> markup"]);
        Assert.Equal(Report.Value.Html, again);
    }

    [GeneratedRegex("https?://[^\"'\\s<>)]+")]
    private static partial Regex UrlLike();

    [GeneratedRegex("(?:src|href)=\"([^\"]*)\"")]
    private static partial Regex Reference();

    [GeneratedRegex("<svg[\\s\\S]*?</svg>")]
    private static partial Regex InlineSvgs();

    [GeneratedRegex("<tr class=\"slo (\\w+)\">")]
    private static partial Regex SloRow();
}

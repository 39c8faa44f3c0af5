using System.Text.Json.Nodes;
using ClusterSim.Analysis.Report;
using ClusterSim.Analysis.Tests.Charts;

namespace ClusterSim.Analysis.Tests.Report;

/// <summary>
/// report.html in a real browser (Debian's chromium, headless): it must load from a file with no
/// other request, log nothing to the console, and lay out every chart visibly on screen.
/// </summary>
public sealed class BrowserReportTests
{
    private const string Probe = """
        (() => {
          const charts = [...document.querySelectorAll('figure > svg')].map(svg => {
            svg.scrollIntoView({ block: 'center' });
            const r = svg.getBoundingClientRect();
            const style = getComputedStyle(svg);
            const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            return {
              name: svg.getAttribute('data-chart'),
              width: r.width, height: r.height,
              shown: style.display !== 'none' && style.visibility === 'visible' && Number(style.opacity) > 0,
              onTop: top !== null && svg.contains(top),
              texts: svg.querySelectorAll('text').length,
              titleDrawn: [...svg.querySelectorAll('text')].some(t => t.textContent.trim() === svg.querySelector('title').textContent
                && t.getBBox().width > 0),
            };
          });
          return {
            title: document.title,
            verdict: document.getElementById('verdict')?.textContent ?? null,
            svgs: document.querySelectorAll('svg').length,
            sloRows: document.querySelectorAll('tr.slo').length,
            charts,
          };
        })()
        """;

    [ChromiumFact]
    public async Task Report_renders_in_headless_chromium_without_console_errors_and_shows_every_chart()
    {
        var (scenario, result, charts) = SmallRun.WithCharts();
        var dir = Directory.CreateTempSubdirectory("clustersim-report-");
        try
        {
            var path = Path.Combine(dir.FullName, "report.html");
            File.WriteAllText(path, HtmlReport.Write(result, scenario, charts));
            var url = new Uri(path).AbsoluteUri;

            await using var browser = await HeadlessChromium.Start();
            await browser.Open(url);
            var page = (await browser.Evaluate(Probe))!;

            Assert.Equal("ClusterSim report: default", (string?)page["title"]);
            Assert.StartsWith("PASS", (string?)page["verdict"]);
            Assert.Equal(SloVerdicts.Evaluate(result, scenario).Count, (int)page["sloRows"]!);
            // The energy section draws its own two charts (site power, PUE) before the run's charts.
            string[] expected = [.. result.Facility is null ? [] : EnergyCharts, .. charts.Select(c => c.Name)];
            Assert.Equal(expected.Length, (int)page["svgs"]!);
            var shown = page["charts"]!.AsArray();
            Assert.Equal(expected, shown.Select(c => (string?)c!["name"]));
            CheckLaidOut(shown);

            PngFile.Check(await browser.Screenshot());
            Assert.Empty(browser.Problems);
            Assert.Empty(browser.StderrConsoleLines());
            Assert.Equal([url], browser.Requests.Distinct());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static readonly string[] EnergyCharts = ["energy-power", "energy-pue"];

    private const string SectionsProbe = """
        (() => {
          const section = id => {
            const s = document.getElementById(id);
            return s === null ? null : {
              rows: s.querySelectorAll('tbody tr, table.kv tr').length,
              text: s.textContent,
              width: s.getBoundingClientRect().width,
              height: s.getBoundingClientRect().height,
            };
          };
          const costRows = [...document.querySelectorAll('#cost table:last-of-type tbody tr')]
            .map(tr => [...tr.querySelectorAll('td')].map(td => td.textContent));
          return { energy: section('energy'), cost: section('cost'), costRows };
        })()
        """;

    /// <summary>
    /// A multimodal run (text, video and avatar pools: scenarios/multimodal-priorities.yaml, shortened): the energy and
    /// cost sections render with their charts and tables, every class with results has a unit cost, and the page
    /// logs nothing to the console.
    /// </summary>
    [ChromiumFact]
    public async Task A_multimodal_report_renders_its_energy_and_cost_sections_in_headless_chromium()
    {
        var scenario = ClusterSim.Scenarios.ScenarioLoader.Load(RepoFile("scenarios", "multimodal-priorities.yaml"), sets: ["run.duration=3m", "run.warmup=30s"]);
        var compiled = ClusterSim.Model.Setup.ScenarioCompiler.Compile(scenario);
        var result = ClusterSim.Model.Runs.ClusterRun.Execute(compiled);
        var dir = Directory.CreateTempSubdirectory("clustersim-report-");
        try
        {
            var path = Path.Combine(dir.FullName, "report.html");
            File.WriteAllText(path, HtmlReport.Write(result, scenario, [], compiled.Notes));
            var url = new Uri(path).AbsoluteUri;

            await using var browser = await HeadlessChromium.Start();
            await browser.Open(url);
            var page = (await browser.Evaluate(Probe))!;
            var sections = (await browser.Evaluate(SectionsProbe))!;

            var verdict = (string?)page["verdict"];
            Assert.DoesNotContain("not judged", verdict);
            Assert.Contains("video, avatar or image classes", verdict);
            var shown = page["charts"]!.AsArray();
            Assert.Equal(EnergyCharts, shown.Select(c => (string?)c!["name"]));
            CheckLaidOut(shown);

            foreach (var id in new[] { "energy", "cost" })
            {
                var s = sections[id];
                Assert.True(s is not null, $"no #{id} section");
                Assert.True((int)s!["rows"]! >= 5, $"#{id}: {s["rows"]} table rows");
                Assert.True((double)s["width"]! >= 400 && (double)s["height"]! >= 200, $"#{id}: laid out at {s["width"]} x {s["height"]} px");
            }

            Assert.Contains("Mean PUE", (string?)sections["energy"]!["text"]);
            Assert.Contains("Thermal throttling", (string?)sections["energy"]!["text"]);
            Assert.Contains("Basis", (string?)sections["cost"]!["text"]);

            // Every class of the scenario has a row with a unit cost in USD (all of them deliver something in 3 minutes).
            var costRows = sections["costRows"]!.AsArray().Select(r => r!.AsArray().Select(c => (string?)c).ToArray()).ToList();
            foreach (var w in scenario.Workloads)
            {
                var row = Assert.Single(costRows, r => r[0] == w.Name);
                Assert.Equal(w.Kind, row[1]);
                Assert.EndsWith(" USD", row[4]);
            }

            PngFile.Check(await browser.Screenshot());
            Assert.Empty(browser.Problems);
            Assert.Empty(browser.StderrConsoleLines());
            Assert.Equal([url], browser.Requests.Distinct());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string RepoFile(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ClusterSim.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine([dir!.FullName, .. parts]);
    }

    private static void CheckLaidOut(JsonArray shown)
    {
        foreach (var c in shown.Select(c => c!))
        {
            var name = (string?)c["name"];
            Assert.True((double)c["width"]! >= 400 && (double)c["height"]! >= 200, $"{name}: laid out at {c["width"]} x {c["height"]} px");
            Assert.True((bool)c["shown"]!, $"{name}: hidden");
            Assert.True((bool)c["onTop"]!, $"{name}: covered by another element");
            Assert.True((int)c["texts"]! > 5, $"{name}: no axis text");
            Assert.True((bool)c["titleDrawn"]!, $"{name}: title not drawn");
        }
    }

    [ChromiumFact]
    public async Task The_browser_check_catches_console_errors_bad_svg_and_requests_for_other_files()
    {
        // The control: a page with exactly the faults the report test must catch.
        var dir = Directory.CreateTempSubdirectory("clustersim-report-");
        try
        {
            var path = Path.Combine(dir.FullName, "broken.html");
            File.WriteAllText(path, """
                <!DOCTYPE html><html><head><meta charset="utf-8"><title>broken</title>
                <link rel="stylesheet" href="missing.css"></head>
                <body><svg width="10" height="10"><rect width="-5" height="3"/></svg>
                <script>console.error("boom");</script></body></html>
                """);
            await using var browser = await HeadlessChromium.Start();
            await browser.Open(new Uri(path).AbsoluteUri);
            Assert.Contains(browser.Problems, p => p.Contains("boom", StringComparison.Ordinal));
            Assert.Contains(browser.Problems, p => p.Contains("negative value", StringComparison.OrdinalIgnoreCase));
            Assert.Contains(browser.Requests, r => r.EndsWith("/missing.css", StringComparison.Ordinal));
            Assert.NotEmpty(browser.StderrConsoleLines());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}

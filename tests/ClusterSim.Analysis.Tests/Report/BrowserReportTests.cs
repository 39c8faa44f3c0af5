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
            Assert.Equal(charts.Count, (int)page["svgs"]!);
            var shown = page["charts"]!.AsArray();
            Assert.Equal(charts.Select(c => c.Name), shown.Select(c => (string?)c!["name"]));
            foreach (var c in shown.Select(c => c!))
            {
                var name = (string?)c["name"];
                Assert.True((double)c["width"]! >= 400 && (double)c["height"]! >= 200, $"{name}: laid out at {c["width"]} x {c["height"]} px");
                Assert.True((bool)c["shown"]!, $"{name}: hidden");
                Assert.True((bool)c["onTop"]!, $"{name}: covered by another element");
                Assert.True((int)c["texts"]! > 5, $"{name}: no axis text");
                Assert.True((bool)c["titleDrawn"]!, $"{name}: title not drawn");
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

using System.Text.RegularExpressions;
using ClusterSim.Analysis.Report;
using ClusterSim.Analysis.Tests.Charts;

namespace ClusterSim.Analysis.Tests.Report;

/// <summary>A class with nothing measured reads "no data" in the report's class tables, never a zero.</summary>
public sealed partial class NoDataReportTests
{
    [Fact]
    public void A_class_with_no_measured_request_shows_no_data_for_latencies_and_attainment()
    {
        var file = Path.Combine(SmallRun.RepoRoot, "tests", "ClusterSim.Analysis.Tests", "Summaries", "Golden", "small-chat.yaml");
        var (scenario, _, result) = SmallRun.Run(["workloads.summarize.arrival.rate=0.001"], file: file);
        Assert.Equal(0, result.Classes.Single(c => c.Name == "summarize").Measured);
        var html = HtmlReport.Write(result, scenario, []);

        var numbers = html[html.IndexOf("<section id=\"numbers\">", StringComparison.Ordinal)..];
        numbers = numbers[..numbers.IndexOf("</section>", StringComparison.Ordinal)];
        var rows = Row().Matches(numbers).Select(m => m.Value).Where(r => r.StartsWith("<tr><td>summarize</td>", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rows.Count); // the requests table and the latency table

        var cells = rows.Select(r => Cell().Matches(r).Select(m => m.Groups[1].Value).ToList()).ToList();
        // Requests: arrived, completed, dropped, in flight, measured, throughput, goodput, tokens/s, attainment, preemptions.
        Assert.Equal(["summarize", "0", "0", "0", "0", "0", "0", "no data", "0", "no data", "0"], cells[0]);
        // Latency: every p50 and p99 of TTFT, TBT, TPOT, E2E and queueing.
        Assert.Equal(["summarize", .. Enumerable.Repeat("no data", 10)], cells[1]);

        // The measured class keeps its figures.
        Assert.DoesNotContain("no data", Row().Matches(numbers).Select(m => m.Value).First(r => r.StartsWith("<tr><td>chat</td>", StringComparison.Ordinal)));
    }

    [GeneratedRegex("<tr><td>.*?</tr>")]
    private static partial Regex Row();

    [GeneratedRegex("<td[^>]*>(.*?)</td>")]
    private static partial Regex Cell();
}

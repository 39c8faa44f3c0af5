using System.Text.Json;
using ClusterSim.Analysis.Summaries;
using ClusterSim.Analysis.Tests.Charts;
using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Analysis.Tests.Summaries;

/// <summary>
/// The text rates of summary.json against a count made here from the request log: throughput and
/// output tokens per second are the completions (and their tokens) inside the measured window,
/// end of warm-up to the end of arrivals, divided by its length; goodput is throughput times
/// attainment; the overall row sums the classes.
/// </summary>
public sealed class SummaryRatesTests
{
    private const double WarmupSeconds = 1;
    private const double DurationSeconds = 5;

    private static string Scenario => Path.Combine(SmallRun.RepoRoot, "tests", "ClusterSim.Analysis.Tests", "Summaries", "Golden", "small-chat.yaml");

    [Fact]
    public void Throughput_and_token_rates_are_the_completions_inside_the_arrival_window_over_its_length()
    {
        var log = new CompletionLog();
        var (_, _, result) = SmallRun.Run(["run.warmup=1s", "run.duration=5s"], log, file: Scenario);
        using var doc = JsonDocument.Parse(SummaryJson.Write(result, includeWallClock: false));
        var root = doc.RootElement;

        // Arrivals run for warm-up plus duration; the window is the part after warm-up.
        var from = SimTime.FromSeconds(WarmupSeconds);
        var until = SimTime.FromSeconds(WarmupSeconds + DurationSeconds);
        var measured = root.GetProperty("measured_seconds").GetDouble();
        Assert.Equal(DurationSeconds, measured);

        var classes = root.GetProperty("classes");
        var names = classes.EnumerateObject().Select(c => c.Name).ToList();
        Assert.Equal(["chat", "summarize"], names);
        var throughputSum = 0.0;
        foreach (var name in names)
        {
            var inWindow = log.Completions.Where(r => r.Class == name && r.CompletedNs >= from && r.CompletedNs <= until).ToList();
            var c = classes.GetProperty(name);
            var throughput = c.GetProperty("throughput_rps").GetDouble();
            Assert.Equal(inWindow.Count, throughput * measured, 9);
            Assert.Equal(inWindow.Sum(r => (long)r.OutputTokens), c.GetProperty("output_tokens_per_s").GetDouble() * measured, 9);
            Assert.Equal(throughput * c.GetProperty("slo_attainment").GetDouble(), c.GetProperty("goodput_rps").GetDouble());

            // The window must matter here, or the counts above would not tell it from the whole run:
            // some requests finish during warm-up or in the drain after arrivals stop.
            Assert.True(inWindow.Count < log.Completions.Count(r => r.Class == name), $"{name}: every completion fell inside the window");
            Assert.True(inWindow.Count > 5, $"{name}: only {inWindow.Count} completions in the window");
            throughputSum += throughput;
        }

        var overall = root.GetProperty("overall");
        Assert.Equal(throughputSum, overall.GetProperty("throughput_rps").GetDouble(), 12);
        Assert.Equal(log.Completions.Count(r => r.CompletedNs >= from && r.CompletedNs <= until), overall.GetProperty("throughput_rps").GetDouble() * measured, 9);
        Assert.Equal(overall.GetProperty("throughput_rps").GetDouble() * overall.GetProperty("slo_attainment").GetDouble(), overall.GetProperty("goodput_rps").GetDouble());
        Assert.True(log.Completions.Any(r => r.CompletedNs > until), "no request finished in the drain");
    }

    /// <summary>Every completed request as it leaves (dropped ones never got a completion time).</summary>
    private sealed class CompletionLog : IRequestLog
    {
        public List<(string Class, long CompletedNs, int OutputTokens)> Completions { get; } = [];

        public void Write(TextRequest request, string className)
        {
            if (request.CompletedNs >= 0)
            {
                Completions.Add((className, request.CompletedNs, request.OutputTokens));
            }
        }
    }
}

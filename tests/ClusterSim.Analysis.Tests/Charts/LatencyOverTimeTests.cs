using ClusterSim.Analysis.Charts;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Analysis.Tests.Charts;

public sealed class LatencyOverTimeTests
{
    [Fact]
    public void Each_windows_percentiles_are_those_of_the_requests_that_arrived_in_it()
    {
        // Against the raw TTFTs captured beside the recorder, binned by hand.
        var raw = new Capture();
        var recorder = new LatencyOverTimeRecorder(inner: raw);
        var (_, _, result) = SmallRun.Run(log: recorder);
        Assert.Equal(result.Overall.Completed, raw.Requests.Count);
        var chart = recorder.ToChart("ttft", result.MeasuredFromNs);
        Assert.Equal(["p50", "p90", "p99", "end of warm-up"], chart.Series);

        var width = recorder.WindowNs;
        var byWindow = raw.Requests.GroupBy(r => r.ArrivalNs / width).OrderBy(g => g.Key).ToList();
        var svg = SvgFile.Parse(chart.ToSvg());
        Assert.Equal("Time to first token over time (all classes)", svg.Title);
        foreach (var window in byWindow)
        {
            var sorted = window.Select(r => r.TtftNs).Order().ToArray();
            var p99 = sorted[(int)Math.Ceiling(0.99 * sorted.Length) - 1];
            var reported = Percentile(recorder, window.Key, 99);
            Assert.InRange(reported, p99 * (1 - 0.016), p99 * (1 + 0.016));
        }
    }

    [Fact]
    public void Windows_widen_to_cover_the_whole_run_and_keep_every_request()
    {
        var raw = new Capture();
        var recorder = new LatencyOverTimeRecorder(inner: raw, windows: 4, initialWidthNs: 250_000_000);
        var (_, _, result) = SmallRun.Run(log: recorder);

        // 4 s of arrivals over 4 windows: 250 ms must have doubled twice, to 1 s.
        Assert.Equal(1_000_000_000, recorder.WindowNs);
        var counts = Enumerable.Range(0, 4).Select(w => raw.Requests.Count(r => r.ArrivalNs / recorder.WindowNs == w)).ToArray();
        Assert.Equal(result.Overall.Completed, counts.Sum());
        Assert.All(Enumerable.Range(0, 4), w => Assert.Equal(counts[w], Count(recorder, w)));
    }

    [Fact]
    public void Only_ttft_and_e2e_are_charted()
    {
        var recorder = new LatencyOverTimeRecorder();
        Assert.Throws<ArgumentException>(() => recorder.ToChart("tbt"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyOverTimeRecorder(windows: 3));
    }

    private static double Percentile(LatencyOverTimeRecorder recorder, long window, double p)
        => recorder.Window("ttft", (int)window).ValueAtPercentile(p);

    private static long Count(LatencyOverTimeRecorder recorder, int window) => recorder.Window("ttft", window).Count;

    private sealed class Capture : IRequestLog
    {
        public List<(long ArrivalNs, long TtftNs)> Requests { get; } = new();

        public void Write(TextRequest request, string className)
        {
            if (request.CompletedNs >= 0)
            {
                Requests.Add((request.ArrivalNs, request.FirstTokenNs - request.ArrivalNs));
            }
        }
    }
}

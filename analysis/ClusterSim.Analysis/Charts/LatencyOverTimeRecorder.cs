using ClusterSim.Model.Metrics;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Analysis.Charts;

/// <summary>
/// Latency percentiles over time: TTFT and end-to-end latency of finished requests, binned by
/// arrival time into windows of equal width, one mergeable histogram per window. Bounded memory
/// however long the run: at most <c>windows</c> windows, and when arrivals run past the last one,
/// neighbours merge in pairs and the width doubles (as <see cref="TimeWeightedSeries"/> does).
/// Warm-up requests are included, so a chart shows the system filling up.
/// Pass it to the cluster as its request log (it forwards to an inner log).
/// </summary>
public sealed class LatencyOverTimeRecorder : IRequestLog, IRunObserver
{
    // 5 sub-bucket bits: 1.6 % relative error and 15 KiB per histogram, plenty for a chart.
    private const int Bits = 5;

    private readonly IRequestLog? _inner;
    private readonly LatencyHistogram[] _ttft;
    private readonly LatencyHistogram[] _e2e;
    private long _widthNs;

    /// <param name="inner">Log every request is forwarded to as well (e.g. requests.csv).</param>
    /// <param name="windows">Most windows kept; even, at least 2.</param>
    /// <param name="initialWidthNs">Window width before any merge.</param>
    public LatencyOverTimeRecorder(IRequestLog? inner = null, int windows = 32, long initialWidthNs = 100_000_000)
    {
        if (windows < 2 || windows % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(windows), windows, "expected an even window count of 2 or more");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(initialWidthNs, 1);
        _inner = inner;
        _widthNs = initialWidthNs;
        _ttft = Enumerable.Range(0, windows).Select(_ => new LatencyHistogram(Bits)).ToArray();
        _e2e = Enumerable.Range(0, windows).Select(_ => new LatencyHistogram(Bits)).ToArray();
    }

    /// <summary>Width of one window now, in nanoseconds.</summary>
    public long WindowNs => _widthNs;

    public void Write(TextRequest request, string className)
    {
        _inner?.Write(request, className);
        if (request.CompletedNs < 0 || request.FirstTokenNs < 0)
        {
            return;
        }

        while (request.ArrivalNs / _widthNs >= _ttft.Length)
        {
            MergePairs();
        }

        var w = (int)(request.ArrivalNs / _widthNs);
        _ttft[w].Record(request.FirstTokenNs - request.ArrivalNs);
        _e2e[w].Record(request.CompletedNs - request.ArrivalNs);
    }

    /// <summary>
    /// The chart of <paramref name="metric"/> (<c>ttft</c> or <c>e2e</c>): p50, p90 and p99 per window at
    /// the window's middle, windows without requests left out; the end of warm-up as a vertical line.
    /// </summary>
    public Chart ToChart(string metric, long warmupNs = 0)
    {
        var (windows, title, quantity) = metric switch
        {
            "ttft" => (_ttft, "Time to first token over time (all classes)", "time to first token"),
            "e2e" => (_e2e, "End-to-end latency over time (all classes)", "end-to-end latency"),
            _ => throw new ArgumentException($"expected 'ttft' or 'e2e', got '{metric}'", nameof(metric)),
        };
        var used = windows.Select((h, i) => (h, i)).Where(x => x.h.Count > 0).ToList();
        var largest = used.Count == 0 ? 0 : used.Max(x => x.h.ValueAtPercentile(99)) / 1e9;
        var (unit, scale) = largest < 2 ? ("ms", 1e3) : ("s", 1.0);
        var xs = used.Select(x => (x.i + 0.5) * _widthNs / 1e9).ToArray();
        var series = new[] { 50.0, 90, 99 }.Select(p => new ChartSeries(
            $"p{p:0}", xs, used.Select(x => x.h.ValueAtPercentile(p) / 1e9 * scale).ToArray()));
        IReadOnlyList<ReferenceLine> lines = warmupNs > 0 ? [new ReferenceLine("end of warm-up", warmupNs / 1e9, Vertical: true)] : [];
        return Chart.Lines($"{metric}-percentiles-over-time", title, $"Arrival time (s), windows of {Report.Format.Seconds(_widthNs / 1e9)}",
            $"{char.ToUpperInvariant(quantity[0])}{quantity[1..]} ({unit})", series, lines);
    }

    /// <summary>As a run observer: every request that leaves the system, completed or dropped.</summary>
    public RunEvents Events => RunEvents.Requests;

    void IRunObserver.OnRequestCompleted(TextRequest request, string className) => Write(request, className);

    void IRunObserver.OnRequestDropped(TextRequest request, string className) => Write(request, className);

    /// <summary>The histogram of window <paramref name="index"/> (for tests).</summary>
    internal LatencyHistogram Window(string metric, int index) => (metric == "ttft" ? _ttft : _e2e)[index];

    private void MergePairs()
    {
        Halve(_ttft);
        Halve(_e2e);
        _widthNs *= 2;
    }

    private static void Halve(LatencyHistogram[] windows)
    {
        // Window i takes windows 2i and 2i+1: the same requests over twice the width.
        var halved = new LatencyHistogram[windows.Length];
        for (var i = 0; i < windows.Length; i++)
        {
            halved[i] = new LatencyHistogram(Bits);
            if (i < windows.Length / 2)
            {
                halved[i].Merge(windows[2 * i]);
                halved[i].Merge(windows[(2 * i) + 1]);
            }
        }

        halved.CopyTo(windows, 0);
    }
}

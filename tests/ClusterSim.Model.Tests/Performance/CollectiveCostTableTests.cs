using ClusterSim.Model.Hardware;
using ClusterSim.Model.Performance;
using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>The Vidur collective profiles: read as bytes, interpolated, and the analytic ring fitted to them.</summary>
public sealed class CollectiveCostTableTests(ITestOutputHelper output)
{
    private static CollectiveCostTable Load(string gpu) => CollectiveCostTable.Load(
        Path.Combine(RepoFiles.ProfilesFolder, $"vidur_{gpu}_dgx_all_reduce.csv"),
        Path.Combine(RepoFiles.ProfilesFolder, $"vidur_{gpu}_dgx_send_recv.csv"));

    [Fact]
    public void Measured_points_come_back_exactly()
    {
        // calibration.md §3 quotes these medians (it calls the 8,388,608 size "16 MiB"; it is 8 MiB of bytes).
        var h100 = Load("h100");
        Assert.Equal(0.074e-3, h100.AllReduceSeconds(8388608, 8, spansNodes: false), 1e-12);
        Assert.Equal(0.046e-3, h100.AllReduceSeconds(8388608, 2, spansNodes: false), 1e-12);
        var a100 = Load("a100");
        Assert.Equal(0.155e-3, a100.AllReduceSeconds(8388608, 8, spansNodes: false), 1e-12);
        Assert.Equal(2.189e-3, a100.AllReduceSeconds(8388608, 16, spansNodes: true), 1e-12);
    }

    [Fact]
    public void Size_is_bytes_because_as_fp16_elements_the_a100_would_beat_its_nvlink()
    {
        // Two A100s all-reducing B bytes each send B/2 and receive B/2 one way: bus bandwidth = B / t for 2 ranks.
        // NVLink3 gives 300 GB/s each way (600 GB/s both, hardware.md). Reading size as fp16 elements doubles B.
        var a100 = Load("a100");
        var largest = a100.AllReducePoints(2, 2).MaxBy(p => p.Bytes);
        var asBytes = largest.Bytes / largest.Seconds;
        output.WriteLine($"A100 TP2 all-reduce of {largest.Bytes} bytes in {largest.Seconds * 1e3} ms: {asBytes / 1e9:F0} GB/s as bytes, {2 * asBytes / 1e9:F0} GB/s as fp16 elements");
        Assert.True(asBytes < 300e9);
        Assert.True(2 * asBytes > 300e9);
    }

    [Fact]
    public void Interpolation_lies_between_neighbouring_measurements_and_grows_beyond_the_largest()
    {
        var h100 = Load("h100");
        var points = h100.AllReducePoints(8, 8);
        var (lo, hi) = (points[^2], points[^1]);
        var mid = Math.Sqrt(lo.Bytes * hi.Bytes);
        Assert.InRange(h100.AllReduceSeconds(mid, 8, false), Math.Min(lo.Seconds, hi.Seconds), Math.Max(lo.Seconds, hi.Seconds));
        Assert.Equal(2 * hi.Seconds, h100.AllReduceSeconds(2 * hi.Bytes, 8, false), 1e-12);
        Assert.Equal(points[0].Seconds, h100.AllReduceSeconds(1, 8, false));
        Assert.True(h100.SendRecvSeconds(64 << 20, crossNode: true) > 5 * h100.SendRecvSeconds(64 << 20, crossNode: false));
    }

    [Fact]
    public void A_group_shape_without_measurements_is_a_clear_error()
    {
        var h100 = Load("h100");
        Assert.False(h100.SupportsAllReduce(16, spansNodes: true));
        var error = Assert.Throws<ArgumentException>(() => h100.AllReduceSeconds(1e6, 16, spansNodes: true));
        Assert.Contains("no all-reduce measurement for 16 ranks across nodes", error.Message);
    }

    [Theory]
    [InlineData("a100")]
    [InlineData("h100")]
    public void The_fitted_ring_model_tracks_large_measured_all_reduces(string gpu)
    {
        var accelerator = gpu == "a100" ? ReferenceAccelerators.A100Sxm80 : ReferenceAccelerators.H100Sxm;
        var table = Load(gpu);
        var fit = Calibrator.FitCollectives(table, accelerator);
        var ring = new RingCollectiveCost(accelerator.ScaleUp!, accelerator.ScaleOut, fit.LinkEfficiency, fit.StepLatencySeconds);
        output.WriteLine($"{gpu}: link efficiency {fit.LinkEfficiency:F3}, step latency {fit.StepLatencySeconds * 1e6:F2} us, median error {fit.MedianError:P1} over {fit.Points} points");
        foreach (var ranks in new[] { 2, 4, 8 })
        {
            var (bytes, seconds) = table.AllReducePoints(ranks, ranks).MaxBy(p => p.Bytes);
            var predicted = ring.AllReduceSeconds(bytes, ranks, spansNodes: false);
            output.WriteLine($"  TP{ranks} {bytes / (1 << 20):F0} MiB: measured {seconds * 1e3:F3} ms, ring {predicted * 1e3:F3} ms");
            Assert.InRange(predicted / seconds, 0.7, 1.3);
        }

        Assert.True(fit.MedianError < 0.2);
        Assert.InRange(fit.LinkEfficiency, 0.3, 1.0);
    }

    [Fact]
    public void A_malformed_row_is_reported_with_file_line_and_column()
    {
        var csv = ",time_stats.all_reduce.median,rank,num_workers,size,collective,devices_per_node\n0,0.05,0,2,2048,all_reduce,2\n1,fast,0,2,4096,all_reduce,2\n";
        var error = Assert.Throws<FormatException>(() => CollectiveCostTable.Parse(new StringReader(csv), "net.csv"));
        Assert.Equal("net.csv:3:3: expected a number in column 'time_stats.all_reduce.median', found 'fast'", error.Message);

        var missing = Assert.Throws<FormatException>(() => CollectiveCostTable.Parse(new StringReader(",time_stats.all_reduce.median,num_worker,size,devices_per_node\n"), "net.csv"));
        Assert.Contains("did you mean 'num_worker'?", missing.Message);
    }
}

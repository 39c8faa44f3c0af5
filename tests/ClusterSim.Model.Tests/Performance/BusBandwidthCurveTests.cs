using ClusterSim.Model.Performance;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>
/// A measured all-reduce benchmark as a cost, against nccl-tests' own definitions (bus bandwidth = algorithm bandwidth x
/// 2(n - 1)/n) worked by hand from the GB200 rows in the catalog (Azure ND GB200 v6, 4 GPUs).
/// </summary>
public sealed class BusBandwidthCurveTests
{
    private static BusBandwidthCurve Gb200()
    {
        var m = Catalog.Default.FindAccelerator("gb200")!.AllReduce!;
        return new BusBandwidthCurve(m.Bytes, m.BusGbs, m.Gpus, "gb200");
    }

    [Fact]
    public void At_a_measured_size_the_time_is_what_the_benchmark_reported()
    {
        // 16 MiB over the benchmark's 4 GPUs at 331.09 GB/s of bus bandwidth: 1.5 x 16,777,216 / 331.09e9 = 76.01 us.
        Assert.Equal(1.5 * 16_777_216 / 331.09e9, Gb200().AllReduceSeconds(16_777_216, 4), 15);

        // Two GPUs at the same bus bandwidth: 2(2 - 1)/2 = 1 of the message, 50.67 us.
        Assert.Equal(16_777_216 / 331.09e9, Gb200().AllReduceSeconds(16_777_216, 2), 15);
        Assert.Equal(0, Gb200().AllReduceSeconds(16_777_216, 1));
    }

    [Fact]
    public void The_collective_cost_uses_the_curve_for_its_own_group_size_only_and_the_ring_fit_otherwise()
    {
        var nvlink5 = new ClusterSim.Model.Hardware.LinkSpec("nvlink5", 1800);
        var cost = new RingCollectiveCost(nvlink5, null, linkEfficiency: 0.7, stepLatencySeconds: 2e-6, inNode: Gb200());
        Assert.Equal(Gb200().AllReduceSeconds(16_777_216, 4), cost.AllReduceSeconds(16_777_216, 4, spansNodes: false), 15);

        // Two ranks: the ring, 2 steps of 2 us + 16 MiB / (900 GB/s x 0.7).
        Assert.Equal(2 * 2e-6 + 16_777_216 / (900e9 * 0.7), cost.AllReduceSeconds(16_777_216, 2, spansNodes: false), 15);
    }

    [Fact]
    public void Between_sizes_the_bandwidth_is_interpolated_log_log_and_outside_it_is_held()
    {
        // Halfway in log size between 8 MiB (253.46 GB/s) and 16 MiB (331.09): the geometric mean, 289.69 GB/s.
        var mid = Math.Sqrt(8_388_608.0 * 16_777_216);
        Assert.Equal(Math.Sqrt(253.46 * 331.09), Gb200().BusBytesPerSecond(mid) / 1e9, 9);

        // Below 1 KiB the time is the 1 KiB time (latency does not shrink); above 8 GiB the bandwidth is 8 GiB's.
        Assert.Equal(Gb200().AllReduceSeconds(1024, 4), Gb200().AllReduceSeconds(16, 4), 15);
        Assert.Equal(679.61, Gb200().BusBytesPerSecond(64.0 * (1L << 30)) / 1e9, 9);
    }

    [Fact]
    public void A_stack_moved_to_an_accelerator_with_its_own_benchmark_takes_it_and_says_so_and_others_keep_the_link_fit()
    {
        Func<string, AcceleratorSpec?> spec = Catalog.Default.FindAccelerator;
        var onGb200 = EfficiencyCatalog.Default.Resolve("gb200", "trtllm-fp8", spec);
        Assert.NotNull(onGb200.InNodeAllReduce);
        Assert.Contains("all-reduces over 4 gb200 in a node at its measured bus bandwidths (all_reduce: 1 KiB to 8 GiB) instead of h100-sxm's link fit (other group sizes keep it)", onGb200.Derivation);

        // The H200 takes its own (8 GPUs, NVLS); the H100's entry is its own fit and keeps its ring fit, benchmark or not.
        Assert.Equal(8, EfficiencyCatalog.Default.Resolve("h200-sxm", "trtllm-fp8", spec).InNodeAllReduce!.Gpus);
        Assert.Null(EfficiencyCatalog.Default.Resolve("h100-sxm", "trtllm-fp8", spec).InNodeAllReduce);
    }
}

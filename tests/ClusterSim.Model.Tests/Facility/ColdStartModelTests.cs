using ClusterSim.Engine.Core;
using ClusterSim.Model.Facility;

namespace ClusterSim.Model.Tests.Facility;

public sealed class ColdStartModelTests
{
    [Fact]
    public void Load_time_is_paced_by_the_slowest_stage_plus_wake_and_warm_up()
    {
        // Llama-2-70B in FP16, 140 GB, over a 100 Gb/s link (12.5 GB/s) into 8 GPUs on PCIe Gen5 (64 GB/s each way):
        // the link paces it, 140 / 12.5 = 11.2 s; plus 60 s to resume the node and 30 s of warm-up.
        var model = new ColdStartModel(SourceGbs: 12.5, HostToDeviceGbsPerAccelerator: 64, WarmupSeconds: 30, WakeSeconds: 60);

        Assert.Equal(SimTime.FromSeconds(101.2), model.DurationNs(140, 8));
    }

    [Fact]
    public void A_single_accelerator_behind_a_fast_source_is_paced_by_its_host_link()
    {
        // 16 GB from a 50 GB/s local NVMe array into one GPU on PCIe Gen4 (32 GB/s one way): 0.5 s, plus 5 s warm-up.
        var model = new ColdStartModel(SourceGbs: 50, HostToDeviceGbsPerAccelerator: 32, WarmupSeconds: 5);

        Assert.Equal(SimTime.FromSeconds(5.5), model.DurationNs(16, 1));
    }

    [Fact]
    public void Bad_inputs_are_rejected()
    {
        Assert.Throws<InvalidOperationException>(() => new ColdStartModel(0, 32, 5).DurationNs(16, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ColdStartModel(1, 32, 5).DurationNs(16, 0));
    }
}

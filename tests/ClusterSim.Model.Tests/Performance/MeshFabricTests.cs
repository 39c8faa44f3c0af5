using LinkSpec = ClusterSim.Model.Hardware.LinkSpec;
using ClusterSim.Model.Performance;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>
/// A full-mesh scale-up fabric (Intel Gaudi's 21 RoCE ports, 3 to each of 7 peers; AMD Instinct's 7 Infinity Fabric
/// links) against hand sums: a group moves its collectives over the links that join its members only, where a switched
/// fabric gives any group the whole link. And a part's own measured link share replacing a moved stack's link fit.
/// </summary>
public sealed class MeshFabricTests
{
    private static readonly LinkSpec Gaudi2Mesh = new("roce", 525, Peers: 7);   // 262.5 GB/s each way, 37.5 a peer
    private static readonly LinkSpec Switched = new("nvlink4", 900);

    [Fact]
    public void A_group_of_g_uses_g_minus_one_of_the_meshs_links_and_a_switch_gives_any_group_the_whole_link()
    {
        Assert.Equal(37.5e9, Gaudi2Mesh.BytesPerSecondEachWayAmong(2), 3);
        Assert.Equal(112.5e9, Gaudi2Mesh.BytesPerSecondEachWayAmong(4), 3);
        Assert.Equal(262.5e9, Gaudi2Mesh.BytesPerSecondEachWayAmong(8), 3);
        Assert.Equal(262.5e9, Gaudi2Mesh.BytesPerSecondEachWayAmong(16), 3);   // no more links than peers

        // Every link in use: the link's own figure to the last bit, so TP8 on an 8-card mesh prices as before.
        Assert.Equal(Gaudi2Mesh.BytesPerSecondEachWay, Gaudi2Mesh.BytesPerSecondEachWayAmong(8));
        Assert.Equal(450e9, Switched.BytesPerSecondEachWayAmong(2), 3);
        Assert.Equal(450e9, Switched.BytesPerSecondEachWayAmong(8), 3);
    }

    [Fact]
    public void A_tensor_parallel_pair_on_a_mesh_all_reduces_over_its_one_link()
    {
        var cost = new RingCollectiveCost(Gaudi2Mesh, null, linkEfficiency: 0.9, stepLatencySeconds: 5e-6);

        // Two ranks: 2 steps of 5 us, and 2(2 - 1)/2 = 1 of 32 MB over one peer's 37.5 GB/s at 0.9.
        Assert.Equal(2 * 5e-6 + 32e6 / (37.5e9 * 0.9), cost.AllReduceSeconds(32e6, 2, spansNodes: false), 15);

        // Eight ranks use all seven links: 14 steps, and 14/8 of the buffer over 262.5 GB/s at 0.9.
        Assert.Equal(14 * 5e-6 + 14.0 / 8 * 32e6 / (262.5e9 * 0.9), cost.AllReduceSeconds(32e6, 8, spansNodes: false), 15);

        // A pipeline send crosses one link.
        Assert.Equal(5e-6 + 32e6 / (37.5e9 * 0.9), cost.SendRecvSeconds(32e6, crossNode: false), 15);
    }

    [Fact]
    public void An_all_to_all_on_a_mesh_uses_the_groups_links_together()
    {
        var cost = new RingCollectiveCost(Gaudi2Mesh, null, linkEfficiency: 0.9, stepLatencySeconds: 5e-6);

        // Four ranks: 3 of each rank's 8 MB leave it over the 3 links to the others, 112.5 GB/s each way, a hop's latency a peer.
        Assert.Equal(3 * 5e-6 + 0.75 * 8e6 / (112.5e9 * 0.9), cost.AllToAllSeconds(8e6, 4, spansNodes: false), 15);
        Assert.Equal(cost.AllToAllSeconds(8e6, 4, false), cost.AllGatherSeconds(8e6, 4, false));
        Assert.Equal(cost.AllToAllSeconds(8e6, 4, false), cost.ReduceScatterSeconds(8e6, 4, false));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void On_a_switched_fabric_the_all_to_all_is_the_interfaces_send_recv_form_to_the_last_bit(int ranks)
    {
        var cost = new RingCollectiveCost(Switched, null, linkEfficiency: 0.7, stepLatencySeconds: 2e-6);
        var viaSendRecv = cost.SendRecvSeconds((ranks - 1.0) / ranks * 12_345_678, false) + (ranks - 2) * cost.SendRecvSeconds(0, false);
        Assert.Equal(viaSendRecv, cost.AllToAllSeconds(12_345_678, ranks, spansNodes: false));
    }

    [Fact]
    public void A_group_larger_than_a_bridged_pair_runs_its_ring_through_the_host_link()
    {
        // H100 NVL: an NVLink bridge joins a pair (600 GB/s bidir, peers 1); past the pair the ring crosses PCIe Gen5 x16.
        var bridge = new LinkSpec("nvlink4", 600, Peers: 1);
        var pcie = new LinkSpec("pcie5", 128);
        var cost = new RingCollectiveCost(bridge, null, linkEfficiency: 0.8, stepLatencySeconds: 5e-6, pastMesh: pcie);

        // The pair: 2 steps, the whole 32 MB over the bridge's 300 GB/s each way.
        Assert.Equal(2 * 5e-6 + 32e6 / (300e9 * 0.8), cost.AllReduceSeconds(32e6, 2, spansNodes: false), 15);

        // Four cards: 6 steps, 6/4 of the buffer over PCIe's 64 GB/s each way, the ring's slowest hop.
        Assert.Equal(6 * 5e-6 + 1.5 * 32e6 / (64e9 * 0.8), cost.AllReduceSeconds(32e6, 4, spansNodes: false), 15);

        // Without a host link to fall back on, the bridge's figure stands (and a full mesh of 7 never needs one in its node).
        var alone = new RingCollectiveCost(bridge, null, linkEfficiency: 0.8, stepLatencySeconds: 5e-6);
        Assert.Equal(6 * 5e-6 + 1.5 * 32e6 / (300e9 * 0.8), alone.AllReduceSeconds(32e6, 4, spansNodes: false), 15);
        Assert.Equal(1, Catalog.Default.FindAccelerator("h100-nvl")!.ScaleUp!.Peers);

        // A pipeline whose stages are whole pairs sends between pairs: over PCIe, not the bridge.
        var staged = new RingCollectiveCost(bridge, null, linkEfficiency: 0.8, stepLatencySeconds: 5e-6, pastMesh: pcie, stagesPastMesh: true);
        Assert.Equal(5e-6 + 8e6 / (64e9 * 0.8), staged.SendRecvSeconds(8e6, crossNode: false), 15);
        Assert.Equal(5e-6 + 8e6 / (300e9 * 0.8), cost.SendRecvSeconds(8e6, crossNode: false), 15);
    }

    [Fact]
    public void The_catalogs_mesh_platforms_say_so_and_switched_ones_do_not()
    {
        foreach (var key in new[] { "gaudi2", "gaudi3", "mi300x", "mi325x", "mi355x", "mi350x" })
        {
            Assert.Equal(7, Catalog.Default.FindAccelerator(key)!.ScaleUp!.Peers);
        }

        foreach (var key in new[] { "h100-sxm", "h200-sxm", "b200", "a100-80gb-sxm" })
        {
            Assert.Null(Catalog.Default.FindAccelerator(key)!.ScaleUp!.Peers);
        }

        // Intel's docs: 21 of the 24 ports are scale-up, 3 a peer: 262.5 GB/s each way on Gaudi 2, 525 on Gaudi 3.
        Assert.Equal(525, Catalog.Default.FindAccelerator("gaudi2")!.ScaleUp!.BidirGbs);
        Assert.Equal(1050, Catalog.Default.FindAccelerator("gaudi3")!.ScaleUp!.BidirGbs);
    }

    [Fact]
    public void A_stack_moved_to_a_part_with_a_link_share_takes_it_as_its_link_efficiency_and_says_so()
    {
        Func<string, AcceleratorSpec?> spec = Catalog.Default.FindAccelerator;
        var onGaudi3 = EfficiencyCatalog.Default.Resolve("gaudi3", "vllm", spec);
        var donor = EfficiencyCatalog.Default.Resolve(onGaudi3.Accelerator, "vllm", spec);

        // Intel's hccl_demo on 8 Gaudi 3: 512.96 GB/s of bus bandwidth over the 525 each way.
        Assert.Equal(0.977, onGaudi3.LinkEfficiency);
        Assert.Equal(0.977, 512.96 / 525, 3);
        Assert.Contains($"link efficiency 0.977, the share of gaudi3's scale-up rate a large all-reduce reaches (its catalog link_share; the entry's comment says whether it was measured on the part or estimated), instead of {donor.Accelerator}'s {donor.LinkEfficiency:0.###}", onGaudi3.Derivation);

        // Users' nccl-tests all-reduces over 8 RTX PRO 6000 cards on PCIe Gen5: 41.1, 39.4 and 37.6 GB/s of bus bandwidth;
        // the median over the link's 64 GB/s each way. The H100's NVLink fit it replaces would put PCIe 17 % faster.
        var onRtx = EfficiencyCatalog.Default.Resolve("rtx-pro-6000", "trtllm-pytorch-fp8", spec);
        var rtxDonor = EfficiencyCatalog.Default.Resolve(onRtx.Accelerator, "trtllm-pytorch-fp8", spec);
        Assert.Equal(0.616, onRtx.LinkEfficiency);
        Assert.Equal(0.616, new[] { 41.1, 39.4, 37.6 }.Order().ElementAt(1) / 64, 3);
        Assert.Equal(0.719, rtxDonor.LinkEfficiency, 3);
        Assert.Contains("link efficiency 0.616, the share of rtx-pro-6000's scale-up rate", onRtx.Derivation);

        // A part without one keeps the donor's link fit, and its derivation does not mention a share it lacks.
        var onMi325x = EfficiencyCatalog.Default.Resolve("mi325x", "trtllm-fp8", spec);
        Assert.Equal(EfficiencyCatalog.Default.Resolve("h100-sxm", "trtllm-fp8", spec).LinkEfficiency, onMi325x.LinkEfficiency);
        Assert.DoesNotContain("link_share", onMi325x.Derivation);
    }

    [Theory]
    [InlineData("gaudi2", "llama-2-70b", 2,
        "'gaudi2' links its node's accelerators in a full mesh (7 links of 37.5 GB/s each way, scale_up peers): a tensor-parallel group of 2 moves its collectives over the 1 that join its members (37.5 GB/s each way), a pipeline send over one")]
    [InlineData("h100-nvl", "llama-3.1-8b", 4,
        "a tensor-parallel group of 4 has more members than 'h100-nvl''s scale-up joins directly (2): its ring crosses the host link (pcie5, 64 GB/s each way), which bounds its collectives")]
    [InlineData("h100-nvl", "llama-3.1-8b", 2,
        "each pipeline stage's 2 cards fill what 'h100-nvl''s scale-up joins directly (2): the sends between stages cross the host link (pcie5, 64 GB/s each way)", 2)]
    public void A_run_on_a_mesh_says_which_links_a_tensor_parallel_group_uses(string accelerator, string model, int tp, string note, int pp = 1)
    {
        var r = Calibration.ScenarioRuns.Validation("intel-gaudi-optimum-habana.yaml",
            $"hardware.nodes.hls.accelerator={accelerator}", $"models.m.from={model}", $"deployments.engine.tp={tp}", $"deployments.engine.pp={pp}",
            "run.requests=8", "deployments.engine.max_batch=8");
        Assert.Contains(r.Notes, n => n.Contains(note, StringComparison.Ordinal));
    }
}

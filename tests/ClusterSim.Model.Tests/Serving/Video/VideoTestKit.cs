using ClusterSim.Model.Hardware;
using ClusterSim.Model.Performance;
using ClusterSim.Model.Serving.Video;
using Precision = ClusterSim.Scenarios.Precision;

namespace ClusterSim.Model.Tests.Serving.Video;

/// <summary>Wan2.1-T2V-14B and an H100 as the catalog states them, spelled out so the hand calculations can refer to them.</summary>
internal static class VideoTestKit
{
    /// <summary>scenarios/catalog/models.yaml wan2.1-t2v-14b (Wan-Video/Wan2.1 wan/configs/wan_t2v_14B.py, shared_config.py).</summary>
    public static VideoModel Wan14B { get; } = new()
    {
        Key = "wan2.1-t2v-14b",
        ParamsB = 14.29,
        Layers = 40,
        HiddenSize = 5120,
        Heads = 40,
        Patch = (1, 2, 2),
        VaeCompression = (4, 8, 8),
        TextEncoderParamsB = 5.68,
        VaeDecodeGflopsPerFrame = 7892,
        DefaultWidth = 1280,
        DefaultHeight = 720,
        GuidancePasses = 2,
        TextLen = 512,
    };

    /// <summary>H100 SXM: 989.4 dense bf16 TFLOP/s, NVLink 4 at 900 GB/s both ways (scenarios/catalog/accelerators.yaml).</summary>
    public static AcceleratorSpec H100 { get; } = new()
    {
        Key = "h100-sxm",
        HbmGb = 80,
        HbmBandwidthGbs = 3350,
        Tflops = new Dictionary<Precision, double> { [Precision.Bf16] = 989.4, [Precision.Fp16] = 989.4, [Precision.Fp8] = 1978.9 },
        ScaleUp = new LinkSpec("nvlink4", 900),
    };

    /// <summary>Round factors for hand calculation: half of peak compute, 70 % of link bandwidth, 5 us per all-to-all peer.</summary>
    public static EfficiencyParams Half { get; } = new()
    {
        Accelerator = "h100-sxm",
        Stack = "test",
        ComputeEfficiency = 0.5,
        LinkEfficiency = 0.7,
        CollectiveStepLatencySeconds = 5e-6,
    };

    public static VideoCostModel Cost(int sequenceParallel = 1, EfficiencyParams? efficiency = null)
        => new(Wan14B, H100, Precision.Bf16, efficiency ?? Half, sequenceParallel);
}

using Precision = ClusterSim.Scenarios.Precision;

namespace ClusterSim.Model.Hardware;

/// <summary>
/// The accelerators the shipped measurements (Splitwise, Vidur, this project's kernel probes) were taken on, so calibration and its tests
/// run without the scenario catalog. The catalog's `accelerators.yaml` remains the place users pick hardware from.
/// </summary>
public static class ReferenceAccelerators
{
    /// <summary>NVIDIA H100 SXM5 80GB, as in a DGX-H100.</summary>
    public static AcceleratorSpec H100Sxm { get; } = new()
    {
        Key = "h100-sxm",
        Name = "NVIDIA H100 SXM5 80GB",
        Vendor = "nvidia",
        HbmGb = 80,             // shared/data/hardware.md: glennklockwood.com/garden/processors/h100 (NVIDIA whitepaper)
        HbmBandwidthGbs = 3350, // same source: 3.35 TB/s HBM3
        Tflops = new Dictionary<Precision, double>
        {
            [Precision.Fp16] = 989.4,  // same source, dense (1,978.9 with 2:4 sparsity)
            [Precision.Bf16] = 989.4,  // same source, dense
            [Precision.Fp8] = 1978.9,  // same source, dense
            [Precision.Int8] = 1978.9, // same source, dense TOPS
        },
        TdpW = 700,  // same source
        IdleW = 75,  // shared/data/calibration.md §2: Splitwise H100 idle power
        ScaleUp = new LinkSpec("nvlink4", 900),     // hardware.md: NVLink 4, 900 GB/s per GPU
        HostLink = new LinkSpec("pcie5", 128),      // hardware.md: PCIe Gen5 128 GB/s
        ScaleOut = new LinkSpec("infiniband", 100), // NVIDIA DGX H100 datasheet: one 400 Gb/s ConnectX-7 per GPU = 50 GB/s each way
    };

    /// <summary>
    /// NVIDIA H200 SXM 141GB, the part this project's kernel probes ran on (scenarios/profiles/h200_*.csv): the H100's
    /// compute, links and power with more and faster memory.
    /// </summary>
    public static AcceleratorSpec H200Sxm { get; } = H100Sxm with
    {
        Key = "h200-sxm",
        Name = "NVIDIA H200 SXM 141GB",
        HbmGb = 141,             // shared/data/hardware.md: 141 GB HBM3e (the catalog's h200-sxm entry cites the same)
        HbmBandwidthGbs = 4800,  // same source: 4.8 TB/s
    };

    /// <summary>NVIDIA A100 SXM4 80GB, as in a DGX-A100.</summary>
    public static AcceleratorSpec A100Sxm80 { get; } = new()
    {
        Key = "a100-80gb-sxm",
        Name = "NVIDIA A100 SXM4 80GB",
        Vendor = "nvidia",
        HbmGb = 80,             // shared/data/hardware.md: glennklockwood.com/garden/processors/A100 (NVIDIA A100 datasheet)
        HbmBandwidthGbs = 2039, // same source: 2.039 TB/s HBM2e
        Tflops = new Dictionary<Precision, double>
        {
            [Precision.Fp16] = 312,  // same source, dense (624 sparse)
            [Precision.Bf16] = 312,  // same source, dense
            [Precision.Int8] = 624,  // same source, dense TOPS (1,248 sparse)
            // No fp8 on Ampere (hardware.md: "n/a"): fp8 work falls back to bf16.
        },
        TdpW = 400,  // same source
        IdleW = 63,  // shared/data/calibration.md §2: Splitwise A100 idle power
        ScaleUp = new LinkSpec("nvlink3", 600),    // hardware.md: NVLink 3, 600 GB/s per GPU
        HostLink = new LinkSpec("pcie4", 64),      // PCIe Gen4 x16: 64 GB/s both directions (hardware.md lists Gen4)
        ScaleOut = new LinkSpec("infiniband", 50), // NVIDIA DGX A100 datasheet: one 200 Gb/s ConnectX-6 per GPU = 25 GB/s each way
    };
}

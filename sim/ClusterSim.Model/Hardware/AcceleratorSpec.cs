using static ClusterSim.Scenarios.PrecisionInfo;
using Precision = ClusterSim.Scenarios.Precision;

namespace ClusterSim.Model.Hardware;

/// <summary>
/// What the execution-time model needs to know about an accelerator. Field names mirror
/// `accelerators.yaml` (scenarios/catalog/FORMAT.md) so a catalog entry maps one to one.
/// </summary>
public sealed record AcceleratorSpec
{
    public required string Key { get; init; }

    public string Name { get; init; } = "";

    public string Vendor { get; init; } = "";

    /// <summary>Accelerator memory in the vendor's GB, binary for memory capacity (JEDEC): <see cref="HbmBytes"/>.</summary>
    public required double HbmGb { get; init; }

    /// <summary>Memory in bytes: <see cref="HbmGb"/> GiB (an "80 GB" H100 shows 81,559 MiB in nvidia-smi).</summary>
    public double HbmBytes => HbmGb * 1073741824.0;

    /// <summary>Peak memory bandwidth in GB/s.</summary>
    public required double HbmBandwidthGbs { get; init; }

    /// <summary>Dense peak TFLOP/s (TOP/s for integers) per precision; a precision missing here is unsupported.</summary>
    public required IReadOnlyDictionary<Precision, double> Tflops { get; init; }

    public double TdpW { get; init; }

    public double IdleW { get; init; }

    /// <summary>Scale-up link inside a node (NVLink, Infinity Fabric, ...); null when there is none.</summary>
    public LinkSpec? ScaleUp { get; init; }

    /// <summary>Host link (PCIe); used between accelerators of one node when there is no scale-up link.</summary>
    public LinkSpec? HostLink { get; init; }

    /// <summary>Per-accelerator share of the scale-out network between nodes (InfiniBand, RoCE, ...).</summary>
    public LinkSpec? ScaleOut { get; init; }

    public bool Supports(Precision precision) => Tflops.TryGetValue(precision.Arithmetic(), out var tflops) && tflops > 0;

    /// <summary>Dense peak in FLOP/s at <paramref name="precision"/>; throws when the accelerator lacks it.</summary>
    public double PeakFlops(Precision precision) => Supports(precision)
        ? Tflops[precision.Arithmetic()] * 1e12
        : throw new ArgumentException(
            $"accelerator '{Key}' has no {precision.Key()} peak; it lists {ListedPrecisions()}");

    /// <summary>
    /// The precision arithmetic actually runs at: <paramref name="wanted"/> if the accelerator has it, otherwise
    /// the nearest wider one it has (fp8 on an A100 runs at bf16). Null when none of them is listed.
    /// </summary>
    public Precision? ResolveCompute(Precision wanted)
    {
        if (Supports(wanted))
        {
            return wanted.Arithmetic();
        }

        foreach (var wider in Precisions.WiderFallbacks(wanted))
        {
            if (Supports(wider))
            {
                return wider;
            }
        }

        return null;
    }

    /// <summary>The link between accelerators of one node: scale-up if present, else the host link.</summary>
    public LinkSpec? IntraNodeLink => ScaleUp ?? HostLink;

    internal string ListedPrecisions()
        => Tflops.Count == 0 ? "none" : string.Join(", ", Tflops.Keys.OrderBy(p => p).Select(p => p.Key()));
}

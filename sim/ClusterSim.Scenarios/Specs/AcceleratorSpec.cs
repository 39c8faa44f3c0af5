namespace ClusterSim.Scenarios;

/// <summary>An accelerator's figures, from the catalog and any scenario overrides.</summary>
/// <param name="Key">Name used in the scenario (catalog key or the scenario's own name).</param>
/// <param name="Name">Full name, e.g. "NVIDIA H100 SXM5 80GB".</param>
/// <param name="Vendor">Maker, when given.</param>
/// <param name="HbmGb">Accelerator memory in the vendor's GB, which for memory capacity are binary (GiB); see <see cref="HbmBytes"/>.</param>
/// <param name="HbmBandwidthGbs">Memory bandwidth in GB/s.</param>
/// <param name="Tflops">Dense peak TFLOP/s (TOP/s for integer precisions) per supported precision.</param>
/// <param name="TdpW">Board power limit in watts.</param>
/// <param name="IdleW">Idle power in watts, when given.</param>
/// <param name="ScaleUp">Link to peer accelerators (NVLink, Infinity Fabric, ...), when given.</param>
/// <param name="HostLink">Link to the host (PCIe), when given.</param>
/// <param name="PriceUsd">Purchase price per accelerator, when given.</param>
/// <param name="RentUsdPerHour">Rental price per accelerator-hour, when given.</param>
/// <param name="Confidence">How far the figures can be trusted.</param>
/// <param name="Source">Where the figures come from.</param>
/// <param name="Notes">Conflicts, estimates and choices.</param>
public sealed record AcceleratorSpec(
    string Key,
    string Name,
    string? Vendor,
    double HbmGb,
    double HbmBandwidthGbs,
    IReadOnlyDictionary<Precision, double> Tflops,
    double TdpW,
    double? IdleW,
    LinkSpec? ScaleUp,
    LinkSpec? HostLink,
    double? PriceUsd,
    double? RentUsdPerHour,
    Confidence Confidence,
    string? Source,
    string? Notes)
{
    /// <summary>
    /// Memory in bytes. Memory capacities follow the JEDEC convention (JESD100B.01: giga = 2^30 for
    /// memory): an "80 GB" H100 is five 16 GiB HBM3 stacks, and nvidia-smi reports 81,559 MiB of its
    /// 81,920. Reading the figure as 1e9 bytes would lose 7 % of every KV cache.
    /// </summary>
    public double HbmBytes => HbmGb * 1073741824.0;

    /// <summary>The catalog accelerator a scenario's <c>{from: key, ...}</c> entry starts from; null for catalog and whole definitions.</summary>
    public string? From { get; init; }

    /// <summary>The board power limit of <see cref="From"/>, to tell an override of <see cref="TdpW"/> from the catalog's figure.</summary>
    public double? FromTdpW { get; init; }

    /// <summary>
    /// The dense peaks of <see cref="From"/>: a changed board limit with these unchanged is the same part at another
    /// limit (its clocks follow the power model); with them changed, the scenario's peaks stand for the part's speed.
    /// </summary>
    public IReadOnlyDictionary<Precision, double>? FromTflops { get; init; }

    /// <summary>
    /// The board limit this part's step times were measured at: <see cref="FromTdpW"/> when the entry is its
    /// <see cref="From"/> part at another <see cref="TdpW"/> with the same peaks, else <see cref="TdpW"/>.
    /// </summary>
    public double ReferenceTdpW => FromTdpW is { } w && FromTflops is { } peaks && SamePeaks(peaks, Tflops) ? w : TdpW;

    private static bool SamePeaks(IReadOnlyDictionary<Precision, double> a, IReadOnlyDictionary<Precision, double> b)
        => a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);

    /// <summary>Energy to stream one bit from device memory into the cores, in pJ/bit, when given (the power model's memory share).</summary>
    public double? MemoryPjPerBit { get; init; }

    /// <summary>
    /// Measured share of the BF16 dense peak that the largest well-shaped matrix multiplications reach on this part
    /// (maximum achievable matmul FLOP/s over peak), when a measurement exists. Used only to transfer a stack's
    /// compute efficiency to an accelerator it was not fitted on: the efficiency scales by the two parts' shares.
    /// </summary>
    public double? MatmulShare { get; init; }

    /// <summary>
    /// Measured share of <see cref="HbmBandwidthGbs"/> that a streaming kernel reaches on this part (STREAM copy), when a
    /// measurement exists. Used to transfer a stack's memory efficiency to an accelerator it was not fitted on, as
    /// <see cref="MatmulShare"/> transfers its compute efficiency.
    /// </summary>
    public double? BandwidthShare { get; init; }

    /// <summary>
    /// Measured share of the FP8 dense peak that the best FP8 matrix multiplications reach on this part, when a
    /// measurement exists: moves an FP8 compute efficiency between accelerators, and a 16-bit one to FP8 arithmetic.
    /// </summary>
    public double? MatmulShareFp8 { get; init; }

    /// <summary>
    /// Measured share of the FP4 dense peak that the best FP4 matrix multiplications reach on this part, when a
    /// measurement exists: moves an FP8 compute efficiency to FP4 arithmetic (by this share over <see cref="MatmulShareFp8"/>).
    /// </summary>
    public double? MatmulShareFp4 { get; init; }

    /// <summary>
    /// A measured all-reduce benchmark on one node of this part, when one exists: a stack fitted on another
    /// accelerator runs its in-node all-reduces at these bus bandwidths instead of its own link fit.
    /// </summary>
    public AllReduceMeasurement? AllReduce { get; init; }

    /// <summary>
    /// The serving engines' own small-message all-reduce timed on one node of this part, when measured: deployments of the
    /// engines that run it (vLLM, SGLang) price their in-node all-reduces up to its largest size at these times.
    /// </summary>
    public EngineAllReduceMeasurement? EngineAllReduce { get; init; }

    /// <summary>
    /// The decode attention kernels' fixed time a layer, timed on this part, when measured: a vLLM or SGLang entry fitted
    /// on another part, which prices that time apart, takes this one here in place of none.
    /// </summary>
    public DecodeAttentionFloor? DecodeAttention { get; init; }

    /// <summary>
    /// Measured share of the scale-up link's one-way rate that a large all-reduce over one node's accelerators reaches
    /// (its bus bandwidth over the rate each way), when a measurement exists: a stack fitted on another accelerator takes it
    /// as its link efficiency here instead of the donor's link fit.
    /// </summary>
    public double? LinkShare { get; init; }

    /// <summary>
    /// A catalog accelerator with the same die and memory (the catalog's <c>same_silicon_as</c>: the SXM module of a PCIe
    /// card, the superchip of a board), whose measured shares stand in for those this part lacks.
    /// </summary>
    public string? SameSiliconAs { get; init; }

    /// <summary>The error for a part that names itself as its own silicon, in the catalog and in a scenario alike.</summary>
    internal const string OwnSiliconError = "an accelerator cannot share silicon with itself: name the catalog entry with the same die and memory";

    /// <summary>The share fields (<c>matmul_share</c>, <c>bandwidth_share</c>, ...) taken from <see cref="SameSiliconAs"/>, none measured on this part.</summary>
    public IReadOnlyList<string> BorrowedShares { get; init; } = [];

    /// <summary>
    /// Whose a share of this part is, for a clause that prints it: " (h200-sxm's: the same silicon)" where the share was
    /// taken from <see cref="SameSiliconAs"/>, empty where it was measured on this part.
    /// </summary>
    public string ShareSource(string field) => !BorrowedShares.Contains(field) ? ""
        : field == "matmul_share_fp4" && Fp4PowerHold < 1
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $" ({SameSiliconAs}'s: the same silicon, held to its FP4 FLOP/s a watt at this part's {ReferenceTdpW:#,0} W, x {Fp4PowerHold:0.000})")
            : $" ({SameSiliconAs}'s: the same silicon)";

    /// <summary>
    /// The factor the FP4 matmul share taken from <see cref="SameSiliconAs"/> was multiplied by (1 where none was taken or
    /// none binds): the sibling's FP4 peak a watt of board limit over this part's, where this part's is higher.
    /// </summary>
    public double Fp4PowerHold { get; init; } = 1;

    /// <summary>
    /// This part with each measured share it lacks taken from <paramref name="sibling"/>, the part with its silicon: a
    /// share of peak is the die's and its memory's, and a lower-clocked board's peaks already carry its clocks.
    /// </summary>
    /// <remarks>
    /// One exception: a board whose FP4 peak a watt is higher than its sibling's (its vendor peak does not carry its lower
    /// limit) takes the sibling's FP4 share held to the sibling's delivered FP4 FLOP/s a watt. Blackwell's FP4 GEMMs are
    /// bound by the board's power: the B200 at 1,000 W reaches 0.611 of its FP4 peak where the same die in a GB200 at
    /// 1,200 W reaches 0.763, so that held the GB200's share would read 0.706 for the B200, unheld 0.763. At BF16 and FP8
    /// the B200 reaches more of its peak than the GB200 (MAMF 0.776 against 0.729, 0.763 against 0.723): there the limit
    /// does not bind, and those shares are taken as they are.
    /// </remarks>
    public AcceleratorSpec WithSiblingShares(AcceleratorSpec sibling)
    {
        var hold = MatmulShareFp4 is null && sibling.MatmulShareFp4 is not null ? Fp4PerWattHold(sibling) : 1.0;
        var borrowed = new List<string>();
        double? Take(double? own, double? theirs, string field)
        {
            if (own is null && theirs is not null)
            {
                borrowed.Add(field);
                return theirs;
            }

            return own;
        }

        // Initializers run in order, so the list is complete when it is stored.
        return this with
        {
            MatmulShare = Take(MatmulShare, sibling.MatmulShare, "matmul_share"),
            MatmulShareFp8 = Take(MatmulShareFp8, sibling.MatmulShareFp8, "matmul_share_fp8"),
            MatmulShareFp4 = Take(MatmulShareFp4, sibling.MatmulShareFp4 * hold, "matmul_share_fp4"),
            BandwidthShare = Take(BandwidthShare, sibling.BandwidthShare, "bandwidth_share"),
            BorrowedShares = borrowed,
            Fp4PowerHold = hold,
        };
    }

    /// <summary>The sibling's FP4 peak a watt over this part's (at the limit its times hold for), at most 1; 1 where either lacks an FP4 peak.</summary>
    private double Fp4PerWattHold(AcceleratorSpec sibling)
        => Tflops.TryGetValue(Precision.Fp4, out var own) && sibling.Tflops.TryGetValue(Precision.Fp4, out var theirs) && own > 0 && ReferenceTdpW > 0 && sibling.TdpW > 0
            ? Math.Min(1.0, theirs / sibling.TdpW / (own / ReferenceTdpW))
            : 1.0;

    public double HbmBytesPerSecond => HbmBandwidthGbs * 1e9;

    /// <summary>Dense peak FLOP/s at a precision, or null when the accelerator lacks it.</summary>
    public double? PeakFlops(Precision precision) => Tflops.TryGetValue(precision, out var t) ? t * 1e12 : null;
}

namespace ClusterSim.Model.Facility;

/// <summary>
/// Per-accelerator power figures, in watts, that the phase power model adds up: idle, plus the
/// compute units' share while they are busy, plus the memory system's share while it streams.
/// </summary>
/// <param name="IdleW">Awake with nothing to run.</param>
/// <param name="ComputeW">Power above idle with the compute units busy the whole step at full clock.</param>
/// <param name="MemoryW">Power above idle with the memory system streaming the whole step at its achieved bandwidth.</param>
/// <param name="SleepW">Parked in the deepest low-power state while its node stays up.</param>
/// <param name="TdpW">Board power limit: the most the accelerator can draw.</param>
public sealed record AcceleratorPower(double IdleW, double ComputeW, double MemoryW, double SleepW, double TdpW)
{
    /// <summary>
    /// Energy per bit the memory system spends to stream a bit from HBM into the cores (DRAM
    /// arrays, TSVs, PHY, L2 and on-chip network), in picojoules: 3.9 pJ/bit. Source: the H100 power
    /// breakdown of fridayswithfaraday.com ("GPU Power Efficiency", memory subsystem (HBM, L2) about
    /// 15 % of 700 W, 105 W) at the H100's 3.35 TB/s (26.8 Tbit/s): 105 / 26.8 = 3.9 pJ/bit, which is
    /// also the HBM2 access energy commonly quoted from O'Connor et al. (MICRO 2017). Published HBM3E
    /// figures run higher (7-9 pJ/bit per patsnap's HBM4 report); a catalog entry's
    /// <c>memory_pj_per_bit</c> replaces this default.
    /// </summary>
    public const double DefaultMemoryPicojoulesPerBit = 3.9;

    /// <summary>How the core voltage follows the clock (the clock-power law with a floor).</summary>
    public VoltageCurve Voltage { get; init; } = VoltageCurve.Default;

    /// <summary>
    /// The board limit the part's step times were measured at (its catalog limit), when <see cref="TdpW"/> is another
    /// one (null: the same). Below it, a step whose power at the reference board's clock exceeds <see cref="TdpW"/>
    /// runs at the lower clock the new limit allows (<see cref="PhasePowerModel.BoardClock"/>); above it, nothing runs
    /// faster, since no clock above the measured one is known.
    /// </summary>
    public double? ReferenceTdpW { get; init; }

    /// <summary>
    /// Power above idle of a memory system streaming <paramref name="bytesPerSecond"/> at
    /// <paramref name="picojoulesPerBit"/>.
    /// </summary>
    public static double MemoryStreamW(double bytesPerSecond, double picojoulesPerBit) => bytesPerSecond * 8 * picojoulesPerBit * 1e-12;

    /// <summary>
    /// The figures for a part with board limit <paramref name="tdpW"/>, idle <paramref name="idleW"/>
    /// and memory bandwidth <paramref name="bytesPerSecond"/>: the compute units at full clock alone
    /// reach the board limit (a dense GEMM is power-limited at TDP on current datacenter GPUs), the
    /// memory system draws <see cref="MemoryStreamW"/>, sleep is half of idle (an ESTIMATE: no source
    /// read gives a parked GPU's power).
    /// </summary>
    public static AcceleratorPower FromSpec(double tdpW, double idleW, double bytesPerSecond, double picojoulesPerBit = DefaultMemoryPicojoulesPerBit)
        => new(idleW, tdpW - idleW, Math.Min(tdpW - idleW, MemoryStreamW(bytesPerSecond, picojoulesPerBit)), idleW / 2, tdpW);

    /// <summary>
    /// NVIDIA H100 SXM5 80GB: idle 75 W (Splitwise, calibration.md section 2), TDP 700 W and
    /// 3.35 TB/s (hardware.md); memory 104.5 W at 3.9 pJ/bit. Splitwise's measured phase powers
    /// (prefill 700 W, decode 380 W) are checks, not inputs.
    /// </summary>
    public static AcceleratorPower H100Sxm { get; } = FromSpec(700, 75, 3.35e12);

    /// <summary>
    /// NVIDIA A100 SXM4 80GB: idle 63 W (Splitwise), TDP 400 W and 2.039 TB/s (hardware.md);
    /// memory 63.6 W at 3.9 pJ/bit.
    /// </summary>
    public static AcceleratorPower A100Sxm80 { get; } = FromSpec(400, 63, 2.039e12);
}

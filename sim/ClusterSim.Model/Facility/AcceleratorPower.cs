namespace ClusterSim.Model.Facility;

/// <summary>
/// Per-accelerator power figures, in watts, that the phase power model interpolates between.
/// </summary>
/// <param name="IdleW">Awake with nothing to run.</param>
/// <param name="MemoryBoundW">Running memory-bound work (a decode step) at full clock.</param>
/// <param name="ComputeBoundW">Running compute-bound work (a prefill) at full clock.</param>
/// <param name="SleepW">Parked in the deepest low-power state while its node stays up.</param>
/// <param name="TdpW">Board power limit: the most the accelerator can draw.</param>
public sealed record AcceleratorPower(double IdleW, double MemoryBoundW, double ComputeBoundW, double SleepW, double TdpW)
{
    /// <summary>
    /// NVIDIA H100 SXM5 80GB. Idle 75 W, prefill 700 W, decode 380 W: the per-phase figures of the
    /// Splitwise study (Patel et al., ISCA 2024), calibration.md section 2. TDP 700 W: hardware.md
    /// (glennklockwood.com from the NVIDIA whitepaper). Sleep 37.5 W is an ESTIMATE: half the idle
    /// figure, for a GPU left in its lowest performance state with the model unloaded; no source
    /// read gives it.
    /// </summary>
    public static AcceleratorPower H100Sxm { get; } = new(IdleW: 75, MemoryBoundW: 380, ComputeBoundW: 700, SleepW: 37.5, TdpW: 700);

    /// <summary>
    /// NVIDIA A100 SXM4 80GB. Idle 63 W, prefill 400 W, decode 250 W: Splitwise, calibration.md
    /// section 2. TDP 400 W: hardware.md (NVIDIA A100 datasheet via glennklockwood.com). Sleep
    /// 31.5 W: ESTIMATE, half of idle as for <see cref="H100Sxm"/>.
    /// </summary>
    public static AcceleratorPower A100Sxm80 { get; } = new(IdleW: 63, MemoryBoundW: 250, ComputeBoundW: 400, SleepW: 31.5, TdpW: 400);
}

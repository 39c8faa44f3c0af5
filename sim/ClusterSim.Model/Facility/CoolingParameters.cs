using ClusterSim.Engine.Core;

namespace ClusterSim.Model.Facility;

/// <summary>
/// A cooling system's PUE curve, the temperature it supplies to the accelerators, and the
/// thermal path from accelerator to that supply.
/// </summary>
/// <param name="System">Air, direct-to-chip liquid or immersion.</param>
/// <param name="DesignPue">PUE at full (design) IT load while the outside temperature is at most <paramref name="FreeCoolingC"/>.</param>
/// <param name="FreeCoolingC">Outside temperature up to which free cooling holds the PUE.</param>
/// <param name="PuePerC">PUE added per °C of outside temperature above <paramref name="FreeCoolingC"/> (chillers work harder).</param>
/// <param name="FixedOverhead">Share of the design overhead (DesignPue - 1) that does not fall with IT load (UPS losses, lighting, pumps and fans at minimum speed).</param>
/// <param name="SupplyFloorC">Lowest air or coolant temperature the plant supplies (its set point).</param>
/// <param name="ApproachC">How far above the outside temperature the supply runs when the plant can no longer hold the set point.</param>
/// <param name="FanScale">Share of a node's air-cooled fan power that remains (1 air; liquid keeps some for host parts; 0 immersion).</param>
/// <param name="Thermal">Accelerator thermal path and throttling controller under this cooling.</param>
/// <remarks>
/// <para>
/// Overhead power (everything the facility draws besides IT) at IT power P, design IT power D and
/// outside temperature T is (DesignPue - 1)(φ D + (1 - φ) P) + PuePerC · max(0, T - FreeCoolingC) · P,
/// with φ = FixedOverhead. So PUE = 1 + (DesignPue - 1)(φ D / P + 1 - φ) + PuePerC · max(0, T - T_free):
/// DesignPue at full load in mild weather, rising at low load (fixed losses spread over less IT)
/// and on hot days. This is the curve the scenario format documents (facility.cooling).
/// </para>
/// <para>
/// Supply (inlet) temperature = max(SupplyFloorC, T_outside + ApproachC).
/// </para>
/// </remarks>
public sealed record CoolingParameters(
    CoolingSystem System,
    double DesignPue,
    double FreeCoolingC,
    double PuePerC,
    double FixedOverhead,
    double SupplyFloorC,
    double ApproachC,
    double FanScale,
    ThermalParameters Thermal)
{
    /// <summary>
    /// Default curves, each standing for a kind of site whose annual PUE is published (checked in
    /// CoolingValidationTests by integrating the curve over a climate):
    /// <list type="bullet">
    /// <item>Air 1.5 at design load: an average enterprise or colocation air-cooled site. At 80 % load in
    /// a temperate climate (15 °C mean) the curve gives about 1.55, the Uptime Institute survey's industry
    /// average (1.55 in 2022, 1.58 in 2023, 1.56 in 2024; hardware.md, PUE section). A hyperscale air or
    /// evaporative site runs near 1.10 (Google fleet, CNBC 2022; Meta publishes 1.08-1.10): set
    /// <c>cooling.pue: 1.1</c>.</item>
    /// <item>Direct-to-chip liquid 1.035 at design load: a warm-water liquid-cooled HPC site, NREL's ESIF
    /// in Golden, Colorado, annual PUE 1.036 (NREL ESIF data-center reports). Free cooling to 30 °C (warm
    /// water, no chillers).</item>
    /// <item>Immersion 1.03: vendor figures 1.02-1.03 (inferensys.com) and 1.03-1.15 (aigreenbytes.com),
    /// hardware.md; the low end of the second range.</item>
    /// </list>
    /// Free-cooling limits 20 / 30 / 35 °C, slopes 0.01 / 0.004 / 0.002 per °C and a fixed share 0.3 are
    /// the scenario format's defaults (choices). Thermal figures are ESTIMATES, chosen so that an
    /// air-cooled H100 at 700 W and a 25 °C inlet sits near 75 °C (third-party guides give 65-75 °C under
    /// load and a core throttle limit of 84-95 °C, whaleflux.com, not verified); a cold plate's resistance
    /// is taken as about 40 % of a heat sink's. Throttle at 85 °C, release at 80 °C, 5 % clock steps, 1 s
    /// control period: ESTIMATES.
    /// </summary>
    public static CoolingParameters Defaults(CoolingSystem system) => system switch
    {
        CoolingSystem.Air => new(system, DesignPue: 1.5, FreeCoolingC: 20, PuePerC: 0.01, FixedOverhead: 0.3,
            SupplyFloorC: 20, ApproachC: 2, FanScale: 1,
            Thermal: new ThermalParameters(ResistanceKPerW: 0.0714, CapacitanceJPerK: 800, ThrottleAtC: 85, ReleaseAtC: 80,
                ClockStep: 0.05, ControlPeriodNs: SimTime.Second)),
        CoolingSystem.DirectLiquid => new(system, DesignPue: 1.035, FreeCoolingC: 30, PuePerC: 0.004, FixedOverhead: 0.3,
            SupplyFloorC: 30, ApproachC: 5, FanScale: 0.3,
            Thermal: new ThermalParameters(ResistanceKPerW: 0.03, CapacitanceJPerK: 1000, ThrottleAtC: 85, ReleaseAtC: 80,
                ClockStep: 0.05, ControlPeriodNs: SimTime.Second)),
        CoolingSystem.Immersion => new(system, DesignPue: 1.03, FreeCoolingC: 35, PuePerC: 0.002, FixedOverhead: 0.3,
            SupplyFloorC: 35, ApproachC: 5, FanScale: 0,
            Thermal: new ThermalParameters(ResistanceKPerW: 0.045, CapacitanceJPerK: 1500, ThrottleAtC: 85, ReleaseAtC: 80,
                ClockStep: 0.05, ControlPeriodNs: SimTime.Second)),
        _ => throw new ArgumentOutOfRangeException(nameof(system), system, "unknown cooling system"),
    };

    internal void Validate()
    {
        var ok = DesignPue >= 1 && double.IsFinite(DesignPue)
            && double.IsFinite(FreeCoolingC)
            && PuePerC >= 0 && double.IsFinite(PuePerC)
            && FixedOverhead >= 0 && FixedOverhead <= 1
            && double.IsFinite(SupplyFloorC) && double.IsFinite(ApproachC)
            && FanScale >= 0 && FanScale <= 1;
        if (!ok)
        {
            throw new ArgumentException(
                $"cooling {System}: expected DesignPue >= 1, PuePerC >= 0, FixedOverhead and FanScale in [0, 1] and finite temperatures (got {this})");
        }

        ArgumentNullException.ThrowIfNull(Thermal);
        Thermal.Validate($"cooling {System}");
    }
}

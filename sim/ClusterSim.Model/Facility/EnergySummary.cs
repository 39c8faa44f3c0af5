namespace ClusterSim.Model.Facility;

/// <summary>
/// The <c>energy</c> section of summary.json (snake_case keys under <see cref="FacilityJson.Options"/>).
/// </summary>
/// <param name="DurationS">Seconds covered.</param>
/// <param name="ItKwh">IT energy: accelerators, hosts, network, fans.</param>
/// <param name="FacilityKwh">IT energy plus cooling and power-delivery overhead (the integral of IT power x PUE).</param>
/// <param name="MeanPue">FacilityKwh / ItKwh.</param>
/// <param name="MeanItKw">Mean IT power.</param>
/// <param name="PeakItKw">Highest IT power (exact: power only changes at events).</param>
/// <param name="DesignItKw">Nameplate IT power (every accelerator at its board limit).</param>
/// <param name="AcceleratorKwh">Accelerator share of IT energy.</param>
/// <param name="HostKwh">Host and network share of IT energy (suspended nodes' standby included).</param>
/// <param name="FanKwh">Server fan share of IT energy.</param>
/// <param name="CoolingOverheadKwh">FacilityKwh - ItKwh.</param>
/// <param name="CarbonKg">kgCO2e of the facility energy, when a carbon intensity was given.</param>
/// <param name="SiteCapKw">Site cap, when one was set.</param>
/// <param name="BusyAcceleratorHours">Accelerator-hours spent busy.</param>
/// <param name="MeanBusyClock">Clock factor averaged over busy accelerator time (1 when never lowered).</param>
/// <param name="CapLimitedAcceleratorHours">Busy accelerator-hours run below the thermal limit because of a cap.</param>
/// <param name="HeldBack">Activities a cap refused even at the lowest clock.</param>
/// <param name="ThrottleIntervals">Thermal throttling stretches (all nodes).</param>
/// <param name="ThrottledNodeHours">Node-hours spent thermally throttled.</param>
/// <param name="MaxAcceleratorTempC">Highest accelerator temperature reached.</param>
public sealed record EnergySummary(
    double DurationS,
    double ItKwh,
    double FacilityKwh,
    double MeanPue,
    double MeanItKw,
    double PeakItKw,
    double DesignItKw,
    double AcceleratorKwh,
    double HostKwh,
    double FanKwh,
    double CoolingOverheadKwh,
    double? CarbonKg,
    double? SiteCapKw,
    double BusyAcceleratorHours,
    double MeanBusyClock,
    double CapLimitedAcceleratorHours,
    long HeldBack,
    int ThrottleIntervals,
    double ThrottledNodeHours,
    double MaxAcceleratorTempC);

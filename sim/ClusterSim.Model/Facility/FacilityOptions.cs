using ClusterSim.Engine.Core;

namespace ClusterSim.Model.Facility;

/// <summary>Site-wide settings of a <see cref="FacilityModel"/>.</summary>
public sealed record FacilityOptions
{
    public required ICoolingModel Cooling { get; init; }

    /// <summary>Outside temperature; default a constant 20 °C.</summary>
    public OutsideTemperature Outside { get; init; } = OutsideTemperature.Constant(20);

    /// <summary>Cap on the site's IT power in watts, or null for none.</summary>
    public double? SiteCapW { get; init; }

    /// <summary>
    /// Electricity price in USD per kWh of facility energy; default flat 0.0806, the US industrial
    /// average for 2023 (EIA via statista.com, hardware.md "Electricity prices").
    /// </summary>
    public DailySchedule ElectricityUsdPerKwh { get; init; } = DailySchedule.Flat(0.0806);

    /// <summary>Carbon intensity of the grid in gCO2e per kWh, or null to report no carbon.</summary>
    public DailySchedule? CarbonGramsPerKwh { get; init; }

    /// <summary>
    /// Lowest clock factor the DVFS range allows a power cap or the thermal controller to set.
    /// 0.5 is a choice: H100 SXM clocks span roughly 0.2-1.98 GHz, but below about half clock the
    /// voltage no longer falls with frequency and the clock^3 power law stops holding.
    /// </summary>
    public double MinClock { get; init; } = 0.5;

    /// <summary>
    /// How often the cap controller re-solves the fair clock target all busy groups aim for
    /// (0: on every call, exact but O(groups) per call). Caps hold at every event regardless: each
    /// call is checked against the clocks the other groups hold. 10 ms is a choice: a few decode
    /// steps, faster than site-level controllers that act in seconds.
    /// </summary>
    public long CapControlPeriodNs { get; init; } = 10 * SimTime.Millisecond;

    /// <summary>Buckets kept by each power time series (rack and site).</summary>
    public int SeriesBuckets { get; init; } = 512;

    /// <summary>Width of a power time-series bucket before the history is halved.</summary>
    public long SeriesBucketWidthNs { get; init; } = SimTime.Second;
}

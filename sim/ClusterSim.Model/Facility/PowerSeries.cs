using ClusterSim.Model.Metrics;

namespace ClusterSim.Model.Facility;

/// <summary>
/// Power over a run in equal buckets (the same bucket layout in every series): site IT and facility
/// watts and each rack's IT watts.
/// </summary>
public sealed record PowerSeries(
    IReadOnlyList<SeriesBucket> SiteItW,
    IReadOnlyList<SeriesBucket> SiteFacilityW,
    IReadOnlyList<RackPower> Racks);

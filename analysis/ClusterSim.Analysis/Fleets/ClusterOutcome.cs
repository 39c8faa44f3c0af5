using ClusterSim.Model.Metrics;

namespace ClusterSim.Analysis.Fleets;

/// <summary>
/// What one cluster of a fleet measured, in the form that merges exactly: counts, energy and cost as
/// numbers, latencies as whole histograms (text requests of every class, after warm-up). Energy and
/// cost cover every replica of every kind; classes of other kinds add only their exact sums
/// (<see cref="OtherClasses"/>).
/// </summary>
internal sealed record ClusterOutcome(
    int Index,
    string Name,
    string Site,
    ulong Seed,
    int Accelerators,
    long Arrived,
    long Completed,
    long Dropped,
    long Measured,
    long SloMet,
    long WindowCompleted,
    long WindowOutputTokens,
    double MeasuredSeconds,
    double ItKwh,
    double FacilityKwh,
    double CostUsd,
    double UsdPerHour,
    IReadOnlyDictionary<string, HistogramSnapshot> Histograms,
    IReadOnlyList<KindClassOutcome> OtherClasses)
{
    /// <summary>The latency figures kept per cluster, in output order.</summary>
    public static readonly string[] Latencies = ["ttft", "tbt", "tpot", "e2e", "queue"];
}

namespace ClusterSim.Model.Metrics;

/// <summary>
/// Everything a <see cref="LatencyHistogram"/> holds, as plain values (only non-empty buckets), so a
/// histogram can travel in a file from one machine to another and be merged there exactly: fleet
/// percentiles are taken on the sum of the clusters' histograms, never averaged from their percentiles.
/// </summary>
/// <param name="Buckets">(bucket index, count) for every non-empty bucket, in index order.</param>
public sealed record HistogramSnapshot(int SignificantBits, long Count, Int128 Sum, long Min, long Max, IReadOnlyList<(int Index, long Count)> Buckets);

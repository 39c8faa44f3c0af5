namespace ClusterSim.Model.Metrics;

/// <summary>
/// One bucket of a downsampled <see cref="TimeWeightedSeries"/>: the interval
/// [<paramref name="StartNs"/>, <paramref name="EndNs"/>) with the time-weighted mean and the
/// largest value recorded in it.
/// </summary>
public readonly record struct SeriesBucket(long StartNs, long EndNs, double Mean, double Max);

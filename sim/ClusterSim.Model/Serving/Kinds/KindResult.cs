namespace ClusterSim.Model.Serving.Kinds;

/// <summary>
/// One workload kind's results, described generically so that summary.json, the CLI table and the
/// report render any kind without code of their own: per class a list of named metrics (the kind's
/// summary.json section) and a table of formatted cells.
/// </summary>
/// <param name="Kind">The kind's name and summary.json key (video, avatar, image, ...).</param>
/// <param name="Classes">Per class, its metrics against its own SLO.</param>
/// <param name="Table">The kind's rows for the CLI table and the report.</param>
/// <param name="Metrics">The kind's own per-class metric objects, for callers that know the kind (tests, convenience accessors).</param>
public sealed record KindResult(string Kind, IReadOnlyList<KindClassResult> Classes, KindTable Table, IReadOnlyList<object> Metrics);

namespace ClusterSim.Analysis.Sweeps;

/// <summary>
/// A traffic class of a sweep point and its SLO targets in seconds (null where unset), at <paramref name="Percentile"/>.
/// A class of another kind (video, image, avatar) has its completion deadline as <paramref name="E2eSeconds"/>.
/// </summary>
internal sealed record ClassInfo(string Name, double? TtftSeconds, double? TpotSeconds, double? E2eSeconds, double Percentile, string Kind = Planning.Names.TextKind)
{
    public bool IsText => Kind == Planning.Names.TextKind;
}

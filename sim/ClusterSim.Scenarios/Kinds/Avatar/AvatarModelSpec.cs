namespace ClusterSim.Scenarios;

/// <summary>A real-time talking-head model.</summary>
/// <param name="GflopsPerFrame">Work per generated frame in GFLOP.</param>
/// <param name="Resolution">Frame size it generates.</param>
/// <param name="DefaultFps">Frames per second by default.</param>
public sealed record AvatarModelSpec(
    string Key,
    string Name,
    double ParamsB,
    Precision WeightPrecision,
    Confidence Confidence,
    string? Source,
    string? Notes,
    double GflopsPerFrame,
    Resolution Resolution,
    double DefaultFps)
    : ModelSpec(Key, Name, ParamsB, WeightPrecision, Confidence, Source, Notes)
{
    public override string Kind => "avatar";

    public override IReadOnlyList<string> CatalogColumns() =>
        ["-", "-", "-", "-", "-", $"{Resolution} {Num(DefaultFps)} fps, {Num(GflopsPerFrame)} GFLOP/frame"];
}

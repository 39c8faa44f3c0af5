namespace ClusterSim.Scenarios;

/// <summary>A real-time talking-head model.</summary>
/// <param name="GflopsPerFrame">Work per generated frame in GFLOP.</param>
/// <param name="Resolution">Frame size it generates.</param>
/// <param name="DefaultFps">Frames per second by default.</param>
/// <param name="BatchSize">Frames the GPU stage runs as one batch at most (the reference pipeline's batch size).</param>
/// <param name="BatchOverheadSeconds">Fixed time of one GPU batch besides its FLOPs (kernel launches, host-device copies).</param>
/// <param name="CpuSecondsPerFrame">Host core-seconds per frame of the CPU stages (paste-back, encoding) at <paramref name="OutputResolution"/>; 0: no CPU stage.</param>
/// <param name="OutputResolution">Size of the full output frame the CPU stages work on.</param>
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
    double DefaultFps,
    int BatchSize,
    double BatchOverheadSeconds,
    double CpuSecondsPerFrame,
    Resolution OutputResolution)
    : ModelSpec(Key, Name, ParamsB, WeightPrecision, Confidence, Source, Notes)
{
    public override string Kind => "avatar";

    public override IReadOnlyList<string> CatalogColumns() =>
        ["-", "-", "-", "-", "-", $"{Resolution} {Num(DefaultFps)} fps, {Num(GflopsPerFrame)} GFLOP/frame, batch {BatchSize}"];
}

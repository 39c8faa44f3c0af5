namespace ClusterSim.Scenarios;

/// <summary>Video generation; the length is given either in seconds or in frames.</summary>
/// <param name="Resolution">Frame size (the model's default unless set).</param>
/// <param name="Seconds">Video length in seconds, or null when given in frames.</param>
/// <param name="Frames">Video length in frames, or null when given in seconds.</param>
/// <param name="Fps">Frames per second (the model's default unless set).</param>
/// <param name="Steps">Denoising steps (the model's default unless set).</param>
public sealed record VideoWorkloadSpec(
    string Name,
    string Model,
    ArrivalSpec Arrival,
    int Priority,
    IReadOnlyList<string> Deployments,
    SloSpec Slo,
    Resolution Resolution,
    DistributionSpec? Seconds,
    DistributionSpec? Frames,
    double Fps,
    int Steps)
    : WorkloadSpec(Name, Model, Arrival, Priority, Deployments, Slo)
{
    public override string Kind => "video";
}

namespace ClusterSim.Scenarios;

/// <summary>Avatar streaming: sessions of SessionLength seconds, each needing Fps frames per second.</summary>
/// <param name="SessionLength">Session length in seconds.</param>
/// <param name="Fps">Frames per second (the model's default unless set).</param>
/// <param name="Resolution">Frame size (the model's unless set).</param>
/// <param name="OutputResolution">Full output frame the CPU stages paste into and encode (the model's unless set).</param>
public sealed record AvatarWorkloadSpec(
    string Name,
    string Model,
    ArrivalSpec Arrival,
    int Priority,
    IReadOnlyList<string> Deployments,
    SloSpec Slo,
    DistributionSpec SessionLength,
    double Fps,
    Resolution Resolution,
    Resolution OutputResolution)
    : WorkloadSpec(Name, Model, Arrival, Priority, Deployments, Slo)
{
    public override string Kind => "avatar";
}

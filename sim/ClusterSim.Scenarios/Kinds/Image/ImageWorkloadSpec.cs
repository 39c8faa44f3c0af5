namespace ClusterSim.Scenarios;

/// <summary>Text-to-image generation: each request asks for Images images of one size, denoised in Steps steps.</summary>
/// <param name="Resolution">Image size (the model's default unless set).</param>
/// <param name="Steps">Denoising steps (the model's default unless set).</param>
/// <param name="Images">Images per request (num_images_per_prompt).</param>
/// <param name="Cfg">Classifier-free guidance on (two denoiser passes per step); only where the model uses it.</param>
public sealed record ImageWorkloadSpec(
    string Name,
    string Model,
    ArrivalSpec Arrival,
    int Priority,
    IReadOnlyList<string> Deployments,
    SloSpec Slo,
    Resolution Resolution,
    int Steps,
    int Images,
    bool Cfg)
    : WorkloadSpec(Name, Model, Arrival, Priority, Deployments, Slo)
{
    public override string Kind => "image";
}

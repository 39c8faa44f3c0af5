namespace ClusterSim.Model.Performance;

/// <summary>
/// The checks of one group of the validation record that a deployment falls in: the same part, stack and architecture,
/// or, where none of those ran, the same stack and architecture on any part, or the same part and architecture on any
/// stack, or the architecture alone. A null <see cref="Accelerator"/> or <see cref="Stack"/> means any.
/// </summary>
/// <param name="Accelerator">The part the group is held to, or null for any.</param>
/// <param name="Stack">The stack the group is held to, or null for any.</param>
/// <param name="Architecture">A dense model, a mixture of experts, or the workload kind.</param>
/// <param name="Configurations">Distinct published configurations (scenario files) with a checked figure in the group.</param>
/// <param name="Parts">The parts those configurations ran on, each once, in order.</param>
/// <param name="Families">Throughput, capacity and latency, those with a checked figure.</param>
/// <param name="Fits">Figures of the group that a factor was fitted on: named, and no evidence.</param>
public sealed record ValidationMatch(
    string? Accelerator,
    string? Stack,
    string Architecture,
    int Configurations,
    IReadOnlyList<string> Parts,
    IReadOnlyList<ValidationFamily> Families,
    int Fits)
{
    /// <summary>Whether the group holds the deployment's own part, stack and architecture.</summary>
    public bool Exact => Accelerator is not null && Stack is not null;

    /// <summary>The group in words: "h100-sxm, trtllm-fp8, dense" or "trtllm-fp8, dense, on any part".</summary>
    public string Describe()
        => (Accelerator, Stack) switch
        {
            ({ } a, { } s) => $"{a}, {s}, {Architecture}",
            (null, { } s) => $"{s}, {Architecture}, on any part ({string.Join(", ", Parts)})",
            ({ } a, null) => $"{a}, {Architecture}, with any stack",
            _ => $"{Architecture}, on any part and stack",
        };
}

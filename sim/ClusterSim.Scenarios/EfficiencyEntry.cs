namespace ClusterSim.Scenarios;

/// <summary>
/// One `accelerator/stack` entry of an efficiency file as written: names, provenance and the numeric
/// factors by file key (<see cref="EfficiencyYaml.Fields"/>).
/// </summary>
/// <param name="Values">Factors by key, in file order.</param>
public sealed record EfficiencyEntry(string Accelerator, string Stack, string FittedOn, IReadOnlyList<KeyValuePair<string, double>> Values)
{
    /// <summary>
    /// Arithmetic precision the entry's compute efficiency was measured or fitted at (fp16, bf16, fp8, ...); empty when the
    /// file does not say. A deployment computing at another precision moves the efficiency by the accelerator's measured
    /// matmul shares at the two precisions.
    /// </summary>
    public string Precision { get; init; } = "";

    /// <summary>
    /// Decode steps per scheduling round of the engine the entry's host costs were fitted on (vLLM 0.6's
    /// --num-scheduler-steps; 1: it scheduled every step); 0 when the file does not say. A deployment that schedules at
    /// another rate pays its host work at another rate, which the run says.
    /// </summary>
    public int SchedulerSteps { get; init; }

    /// <summary>
    /// Version of the engine the entry's host costs were fitted on (vLLM 0.6.0, 0.10.2), as
    /// <see cref="Policies.EngineVersions.Pattern"/> writes it; empty when the file does not say. On a vllm stack it tells
    /// the engine's generation, and so how the cost per sequence moves to a deployment of another.
    /// </summary>
    public string EngineVersion { get; init; } = "";

    /// <summary>Comment lines written above the entry (what it was fitted on, its errors).</summary>
    public IReadOnlyList<string> Comments { get; init; } = [];

    /// <summary>Where a parsed entry's fields start ("source:line:column"), for errors found after parsing; empty when built in code.</summary>
    public string Location { get; init; } = "";
}

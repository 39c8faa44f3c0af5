using ClusterSim.Model.Performance;

namespace ClusterSim.Analysis.Steps;

/// <summary>A deployment's priced steps, with where its timings come from.</summary>
/// <param name="Name">Deployment name.</param>
/// <param name="Accelerators">Accelerators per replica.</param>
/// <param name="Provenance">Predictor, efficiency entry and derivation, as a run reports them (null for a custom predictor the compiler does not describe).</param>
/// <param name="Rows">One row per batch size, in the order asked.</param>
public sealed record StepDeployment(string Name, int Accelerators, ExecutionProvenance? Provenance, IReadOnlyList<StepRow> Rows)
{
    /// <summary>The scenario's <c>execution_model.step_scale</c> what-if, already applied to the rows' times and parts (1: none).</summary>
    public double StepScale { get; init; } = 1;
}

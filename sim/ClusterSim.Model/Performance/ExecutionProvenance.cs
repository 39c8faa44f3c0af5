namespace ClusterSim.Model.Performance;

/// <summary>
/// Where one deployment's iteration times come from, as a run reports it (notes and summary.json): the predictor,
/// the efficiency entry and what it was fitted on, and the derivation used when the entry is not the deployment's
/// own fit (another accelerator's factors, scenario overrides).
/// </summary>
/// <param name="Deployment">Deployment name in the scenario.</param>
/// <param name="Predictor">Execution model name (roofline, profile, or a custom type).</param>
/// <param name="Accelerator">Catalog key of the deployment's accelerator.</param>
/// <param name="Stack">Software stack the scenario named.</param>
/// <param name="Entry">The efficiency entry used, `accelerator/stack`.</param>
/// <param name="FittedOn">The measurements that entry was fitted on.</param>
/// <param name="Derivation">How the factors were derived for this deployment; "fitted" when used as fitted.</param>
public sealed record ExecutionProvenance(
    string Deployment,
    string Predictor,
    string Accelerator,
    string Stack,
    string Entry,
    string FittedOn,
    string Derivation)
{
    /// <summary>The deployment's architecture as the validation record groups it (dense, mixture of experts, or the kind).</summary>
    public string Architecture { get; init; } = "";

    /// <summary>
    /// The checks of its kind in the validation record (<see cref="ValidationRecord.Match"/>): its own group, or the nearest
    /// ones; empty when nothing of its architecture was checked.
    /// </summary>
    public IReadOnlyList<ValidationMatch> Validation { get; init; } = [];

    /// <summary>The run's note on <see cref="Validation"/>, as the run wrote it (capacity and plan print the same words).</summary>
    public string ValidationNote { get; init; } = "";
}

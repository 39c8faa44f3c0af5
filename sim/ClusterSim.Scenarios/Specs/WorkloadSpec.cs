namespace ClusterSim.Scenarios;

/// <summary>A class of traffic. See the derived records per kind.</summary>
/// <param name="Name">Class name in the scenario.</param>
/// <param name="Model">Key of the model it uses (see <see cref="Scenario.Model"/>).</param>
/// <param name="Arrival">How its requests or sessions arrive.</param>
/// <param name="Priority">Higher is more important.</param>
/// <param name="Deployments">Deployments that may serve it: those named, or every deployment of its model.</param>
/// <param name="Slo">Targets.</param>
public abstract record WorkloadSpec(
    string Name,
    string Model,
    ArrivalSpec Arrival,
    int Priority,
    IReadOnlyList<string> Deployments,
    SloSpec Slo)
{
    /// <summary>The workload's <c>kind:</c> (text, video, avatar, ...): the name of its kind in the kind registry.</summary>
    public abstract string Kind { get; }
}

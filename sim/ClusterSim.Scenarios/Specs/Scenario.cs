namespace ClusterSim.Scenarios;

/// <summary>
/// A checked scenario: every name resolved, every catalog figure merged with its overrides,
/// every default filled in. Lists keep the file's order.
/// </summary>
/// <param name="Name">Scenario name (the file name unless set).</param>
/// <param name="Description">What it is about, when given.</param>
/// <param name="SourcePath">Absolute path of the file, or null for the embedded default.</param>
/// <param name="Workloads">Traffic classes.</param>
/// <param name="Hardware">Machines.</param>
/// <param name="Models">Every model the workloads and deployments use (resolved), plus the scenario's own.</param>
/// <param name="Deployments">Models placed on node groups.</param>
/// <param name="Policies">Scenario-wide policies (each deployment carries its effective set).</param>
/// <param name="ExecutionModel">Scenario-wide iteration-time predictor.</param>
/// <param name="Facility">Facility, with defaults.</param>
/// <param name="Run">Run settings.</param>
public sealed record Scenario(
    string Name,
    string? Description,
    string? SourcePath,
    IReadOnlyList<WorkloadSpec> Workloads,
    HardwareSpec Hardware,
    IReadOnlyList<ModelSpec> Models,
    IReadOnlyList<DeploymentSpec> Deployments,
    PolicySet Policies,
    PolicySpec ExecutionModel,
    FacilitySpec Facility,
    RunSpec Run)
{
    /// <summary>Plug-in assemblies the scenario names (absolute paths, loaded): where its dotted policy names are found.</summary>
    public IReadOnlyList<string> Plugins { get; init; } = [];

    /// <summary>What the real system measured, to compare the run with (<c>measured:</c>); null when the file gives nothing. Observed only: it never changes what is simulated.</summary>
    public MeasuredSpec? Measured { get; init; }

    /// <summary>Where each key was written, for errors found after loading (compiling); none for a scenario built in code.</summary>
    public ScenarioLocations Locations { get; init; } = ScenarioLocations.None;

    /// <summary>A located error at a dotted key path (<c>deployments.serve.policies.batching</c>) or its nearest written owner.</summary>
    public ScenarioError ErrorAt(string path, string message) => Locations.Error(path, message, SourcePath ?? Name);

    public ModelSpec Model(string key) => Models.First(m => m.Key == key);

    public AcceleratorSpec Accelerator(string key) => Hardware.Accelerators.First(a => a.Key == key);

    public NodeSpec NodeGroup(string name) => Hardware.Nodes.First(n => n.Name == name);

    public DeploymentSpec Deployment(string name) => Deployments.First(d => d.Name == name);
}

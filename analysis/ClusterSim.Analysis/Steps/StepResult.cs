namespace ClusterSim.Analysis.Steps;

/// <summary>What <see cref="StepPricer.Price"/> found: the shape asked for and each text deployment's steps.</summary>
public sealed record StepResult(string Scenario, StepShape Shape, IReadOnlyList<StepDeployment> Deployments);

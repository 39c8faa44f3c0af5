namespace ClusterSim.Model.Performance;

/// <summary>Everything a predictor may need when it is created for one deployment.</summary>
public sealed record ExecutionModelContext
{
    public required Deployment Deployment { get; init; }

    /// <summary>Calibrated factors for the deployment's accelerator and stack (efficiency.yaml); the roofline needs them.</summary>
    public EfficiencyParams? Efficiency { get; init; }

    /// <summary>Measured iteration timings, for the `profile` predictor.</summary>
    public SplitwiseProfile? Profile { get; init; }

    /// <summary>The profile's `model` value for this deployment; null means the model key.</summary>
    public string? ProfileModel { get; init; }

    /// <summary>The profile's `hardware` value for this deployment; null means the accelerator key.</summary>
    public string? ProfileHardware { get; init; }

    /// <summary>Measured collective costs; null means the analytic ring model over the accelerator's links.</summary>
    public ICollectiveCost? Collectives { get; init; }

    /// <summary>Free-form settings a scenario passes to a user's predictor.</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
}

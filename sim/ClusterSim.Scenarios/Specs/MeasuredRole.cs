namespace ClusterSim.Scenarios;

/// <summary>What a scenario's measured figures are to the model: evidence, or what a factor was set from.</summary>
public enum MeasuredRole
{
    /// <summary>No factor of the model was set from these figures: how close the run comes is evidence for it.</summary>
    Check,

    /// <summary>A factor was set from these figures (a fit): how close the run comes says the fit worked, not that the model is right.</summary>
    Fit,
}

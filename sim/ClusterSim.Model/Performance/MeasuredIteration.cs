namespace ClusterSim.Model.Performance;

/// <summary>One measured iteration to calibrate against: a deployment, what the iteration held, how long it took.</summary>
/// <param name="Source">Where the figure came from (file:line), for reports.</param>
public sealed record MeasuredIteration(Deployment Deployment, IterationShape Shape, double Seconds, string Source)
{
    public bool IsPrefill => Shape.PrefillSequences > 0;
}

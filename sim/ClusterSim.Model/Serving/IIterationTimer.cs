namespace ClusterSim.Model.Serving;

/// <summary>
/// How long one iteration of a replica takes: the seam between serving and the execution-time
/// model (an analytic roofline, a profile table or a researcher's predictor).
/// </summary>
public interface IIterationTimer
{
    /// <summary>Duration of the iteration in nanoseconds (at least 1).</summary>
    long IterationNs(in BatchShape shape);
}

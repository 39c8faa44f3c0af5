namespace ClusterSim.Model.Serving.Kinds;

/// <summary>A kind whose completed requests the cluster can hand to a log (the run's observers).</summary>
internal interface IKindRequestSource
{
    /// <summary>From now on, every completed request also goes to <paramref name="log"/>.</summary>
    void LogTo(IKindRequestLog log);
}

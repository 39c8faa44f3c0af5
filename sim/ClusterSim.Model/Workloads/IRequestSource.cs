namespace ClusterSim.Model.Workloads;

/// <summary>
/// A stream of requests in non-decreasing arrival order, produced lazily so a run holds one
/// pending arrival per source however long the traffic is.
/// </summary>
public interface IRequestSource
{
    /// <summary>The next request, or false when the source is exhausted.</summary>
    bool TryNext(out TextRequestSpec request);
}

namespace ClusterSim.Model.Serving;

/// <summary>
/// What a router may read of a replica, and nothing it could change: a replica implements it, so routing a
/// request costs no wrapper.
/// </summary>
public interface IReplicaView
{
    /// <summary>Position of the replica in the cluster (stable for the run).</summary>
    int Index { get; }

    /// <summary>The deployment (pool) it belongs to.</summary>
    string Pool { get; }

    ReplicaRole Role { get; }

    /// <summary>Requests on the replica: waiting, prefilling or decoding.</summary>
    int Outstanding { get; }

    /// <summary>Prompt plus output tokens of the requests on it (a work estimate).</summary>
    long OutstandingTokens { get; }

    int WaitingCount { get; }

    int DecodingCount { get; }

    /// <summary>Share of its KV-cache blocks free, 0 to 1.</summary>
    double KvFreeFraction { get; }

    /// <summary>Most sequences in one iteration.</summary>
    int MaxSequences { get; }

    /// <summary>
    /// When the replica next reaches a step boundary, where its scheduler can take a new request, in simulation
    /// nanoseconds: the end of the step in progress (of the scheduling round, under multi-step scheduling), or 0 when
    /// it is idle and would take one at once.
    /// </summary>
    long StepBoundaryNs { get; }

    /// <summary>Leading prefix blocks of <paramref name="hashes"/> resident in its KV cache.</summary>
    int MatchPrefix(long[]? hashes);
}

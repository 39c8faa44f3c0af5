namespace ClusterSim.Model.Serving.Cluster;

/// <summary>What the autoscaler reads of a replica of any kind: its load, its busy time and whether it has drained.</summary>
internal interface IScalableReplica : IServingReplica
{
    /// <summary>Requests waiting or running here.</summary>
    int Outstanding { get; }

    /// <summary>Requests waiting here.</summary>
    int WaitingCount { get; }

    /// <summary>Nanoseconds spent running iterations up to <paramref name="nowNs"/>, the running one's part included.</summary>
    long BusyNsAt(long nowNs);

    /// <summary>Nothing waits, runs or finishes here (a video replica's decode stage included): it may sleep.</summary>
    bool Drained { get; }

    /// <summary>Share of the KV cache in use (0 for a kind without one).</summary>
    double KvInUse { get; }
}

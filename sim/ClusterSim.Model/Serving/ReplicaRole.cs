namespace ClusterSim.Model.Serving;

/// <summary>What a replica does: everything, or one side of disaggregated serving.</summary>
public enum ReplicaRole
{
    Both,
    Prefill,
    Decode,
}

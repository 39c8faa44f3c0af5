namespace ClusterSim.Scenarios;

public enum DeploymentRole
{
    /// <summary>Prefill and decode on the same replicas.</summary>
    Both,

    /// <summary>Prefill only; the KV cache moves to a decode replica.</summary>
    Prefill,

    /// <summary>Decode only.</summary>
    Decode,
}

namespace ClusterSim.Scenarios;

/// <summary>
/// How an attention-data-parallel mixture of experts moves tokens to the ranks holding their experts and the experts'
/// outputs back (the deployment's <c>expert_exchange</c>).
/// </summary>
public enum ExpertExchange
{
    /// <summary>
    /// Every rank's tokens are gathered to every rank, and the experts' partial outputs reduce-scattered back to the
    /// tokens' own ranks: TensorRT-LLM's path wherever its all-to-all is off (it needs more expert-parallel ranks than
    /// experts a token, and multi-node NVLink), vLLM's default `allgather_reducescatter` backend.
    /// </summary>
    AllGather,

    /// <summary>Each token goes only to the ranks its experts live on, and its outputs come back the same way (DeepEP, NVLink one-sided, MNNVL).</summary>
    AllToAll,
}

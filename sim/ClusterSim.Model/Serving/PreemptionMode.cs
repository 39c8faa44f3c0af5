namespace ClusterSim.Model.Serving;

/// <summary>What happens to a sequence evicted when decode runs out of KV blocks.</summary>
public enum PreemptionMode
{
    /// <summary>Drop its KV and compute prompt plus generated tokens again later (vLLM's default).</summary>
    Recompute,

    /// <summary>Copy its KV to host or CXL memory over the host link and back later.</summary>
    Swap,

    /// <summary>
    /// Never preempt: admit a request only when the blocks it will need at its last token fit beside
    /// everything already reserved (TensorRT-LLM's GUARANTEED_NO_EVICT scheduler).
    /// </summary>
    None,
}

namespace ClusterSim.Model.Serving.Video;

/// <summary>One denoising step of a batch of same-shaped videos: the work and where the time goes.</summary>
/// <param name="LinearFlops">Matrix multiplies with the weights, all guidance passes, the whole batch.</param>
/// <param name="SelfAttentionFlops">Scores and weighted sums of full (non-causal) attention over the latent sequence.</param>
/// <param name="CrossAttentionFlops">Scores and weighted sums of attention from the latent tokens to the text tokens.</param>
/// <param name="ComputeSeconds">One accelerator's share of the FLOPs at the achieved rate.</param>
/// <param name="AllToAllSeconds">Communication on the critical path: sequence-parallel all-to-alls and the split-guidance exchange (0 on one accelerator).</param>
/// <param name="AllToAlls">How many all-to-alls the step runs.</param>
public readonly record struct VideoStepCost(
    double LinearFlops,
    double SelfAttentionFlops,
    double CrossAttentionFlops,
    double ComputeSeconds,
    double AllToAllSeconds,
    int AllToAlls)
{
    /// <summary>Part of <see cref="ComputeSeconds"/> in GEMMs with the weights.</summary>
    public double GemmSeconds { get; init; }

    /// <summary>Part of <see cref="ComputeSeconds"/> in attention kernels.</summary>
    public double AttentionSeconds { get; init; }

    /// <summary>Part of <see cref="ComputeSeconds"/> in memory-bound element-wise kernels.</summary>
    public double MemorySeconds { get; init; }

    /// <summary>Bytes the element-wise kernels move, the whole batch and every pass.</summary>
    public double ElementwiseBytes { get; init; }

    public double Flops => LinearFlops + SelfAttentionFlops + CrossAttentionFlops;

    /// <summary>Wall time of the step: compute, then the all-to-alls it waits for (Ulysses does not overlap them).</summary>
    public double Seconds => ComputeSeconds + AllToAllSeconds;

    public long DurationNs => Seconds <= 0 ? 0 : (long)Math.Ceiling(Seconds * 1e9);
}

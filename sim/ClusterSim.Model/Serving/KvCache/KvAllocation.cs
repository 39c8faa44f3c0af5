namespace ClusterSim.Model.Serving.KvCache;

/// <summary>
/// Result of <see cref="KvBlockManager.TryAllocate(int, ReadOnlySpan{long}, out KvAllocation)"/>.
/// </summary>
/// <param name="Sequence">Handle of the new sequence.</param>
/// <param name="HitBlocks">KV blocks reused from the prefix cache (no prefill, no transfer).</param>
/// <param name="HitTokens">
/// Tokens those blocks hold: the prefill the serving layer can skip. When it equals the whole
/// prompt, the caller still has to run at least the last token to get the first output logits.
/// </param>
/// <param name="NewBlocks">
/// Blocks taken from the free pool (or from evicted cache) for the rest: to be computed by
/// prefill, or moved back over the link when this allocation is a swap-in.
/// </param>
public readonly record struct KvAllocation(KvSequence Sequence, int HitBlocks, int HitTokens, int NewBlocks);

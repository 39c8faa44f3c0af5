namespace ClusterSim.Model.Serving.KvCache;

/// <summary>
/// What <see cref="KvBlockManager.SwapOut"/> moved off the accelerator, for the caller to cost
/// on the host or CXL link and to re-allocate on swap-in.
/// </summary>
/// <param name="Blocks">KV blocks the sequence held (its shared prefix blocks included).</param>
/// <param name="Bytes">Blocks times the caller's bytes per block.</param>
/// <param name="Tokens">Tokens the sequence held: what to allocate again on swap-in.</param>
public readonly record struct KvSwapOut(int Blocks, long Bytes, int Tokens);

namespace ClusterSim.Scenarios;

/// <summary>
/// A decode attention kernel's fixed time on an accelerator, timed: what one layer's paged decode attention takes beyond
/// its KV read at a batch and context too small for the read to matter (the kernel's launch, its split-KV partitions
/// and their combine). A stack fitted on another part that prices this time apart takes the part's own.
/// </summary>
/// <param name="Seconds">Fixed time of one layer's decode attention.</param>
/// <param name="Source">Where the timings come from (shown in a run's notes).</param>
public sealed record DecodeAttentionFloor(double Seconds, string Source);

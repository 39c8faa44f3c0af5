namespace ClusterSim.Model.Serving.Avatar;

/// <summary>
/// Reply turns of a conversational avatar, simplified: each turn is a fixed amount of extra
/// compute (the LLM reply and its speech) that runs on the session's own accelerator between
/// frames, so it competes with the frames of every session there. Turns arrive as a Poisson
/// process while the session streams.
/// </summary>
/// <param name="PerMinute">Mean turns per minute of session.</param>
/// <param name="Flops">Work of one turn.</param>
/// <param name="DeadlineSeconds">A turn should be done this long after it arrives (its reply latency target).</param>
public sealed record AvatarTurns(double PerMinute, double Flops, double DeadlineSeconds);

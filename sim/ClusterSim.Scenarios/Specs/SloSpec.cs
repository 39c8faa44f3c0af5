namespace ClusterSim.Scenarios;

/// <summary>Service-level targets of a class, in seconds, at a percentile; null where not set.</summary>
/// <param name="TtftSeconds">Time to first token (text).</param>
/// <param name="TbtSeconds">Each gap between tokens (text).</param>
/// <param name="TpotSeconds">A request's mean time per output token (text).</param>
/// <param name="E2eSeconds">End to end (text).</param>
/// <param name="DeadlineSeconds">Completion after arrival (video).</param>
/// <param name="FrameDeadlineSeconds">Each frame after its slot (avatar).</param>
/// <param name="StartupSeconds">First frame after a session arrives (avatar).</param>
/// <param name="Percentile">Percentile the targets apply to, in (0, 100].</param>
public sealed record SloSpec(
    double? TtftSeconds,
    double? TbtSeconds,
    double? TpotSeconds,
    double? E2eSeconds,
    double? DeadlineSeconds,
    double? FrameDeadlineSeconds,
    double? StartupSeconds,
    double Percentile)
{
    public static SloSpec None { get; } = new(null, null, null, null, null, null, null, 99);
}

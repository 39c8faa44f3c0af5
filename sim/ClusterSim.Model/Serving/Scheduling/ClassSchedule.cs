namespace ClusterSim.Model.Serving.Scheduling;

/// <summary>What a queue discipline knows of one traffic class.</summary>
/// <param name="Priority">Higher goes first under strict priority.</param>
/// <param name="DeadlineNs">
/// Time after an item becomes ready by which it should be served (text: TTFT target; video: the
/// deadline; avatar: the frame deadline); <see cref="NoDeadline"/> when the class has none.
/// </param>
/// <param name="Weight">Share of service under fair sharing, relative to the other classes (&gt; 0).</param>
public readonly record struct ClassSchedule(int Priority, long DeadlineNs, double Weight)
{
    public const long NoDeadline = long.MaxValue;

    public static ClassSchedule Default { get; } = new(0, NoDeadline, 1);

    public bool HasDeadline => DeadlineNs != NoDeadline;
}

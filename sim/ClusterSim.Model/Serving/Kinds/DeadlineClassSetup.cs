namespace ClusterSim.Model.Serving.Kinds;

/// <summary>What every class judged against a completion deadline (video, image) is promised and where it may run.</summary>
/// <param name="DeadlineSeconds">A request should be complete this long after it arrived; null for none.</param>
/// <param name="Percentile">Percentile of requests the deadline applies to (95 = 95 % on time).</param>
/// <param name="Priority">Higher goes first under strict priority (and may take a replica between steps where the pool preempts).</param>
public abstract record DeadlineClassSetup(string Name, double? DeadlineSeconds, double Percentile, int Priority)
{
    /// <summary>Pools that may serve it; null means every pool of its kind.</summary>
    public IReadOnlyList<string>? Pools { get; init; }

    /// <summary>Share of a replica under fair sharing, relative to the other classes.</summary>
    public double Weight { get; init; } = 1;
}

namespace ClusterSim.Scenarios;

/// <summary>How requests (text, video) or sessions (avatar) arrive. Rates are per second.</summary>
public abstract record ArrivalSpec
{
    /// <summary>Long-run arrivals per second, or null where it depends on the system (closed loop) or the file (trace).</summary>
    public abstract double? MeanRate { get; }
}

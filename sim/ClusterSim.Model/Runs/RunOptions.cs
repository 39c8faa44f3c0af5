namespace ClusterSim.Model.Runs;

/// <summary>How a run is driven (not what it simulates: that is the set-up).</summary>
public sealed record RunOptions
{
    public static readonly RunOptions Default = new();

    /// <summary>Called with the simulated time about once per simulated second.</summary>
    public Action<long>? Progress { get; init; }

    /// <summary>Checked about once per simulated second; cancelling ends the run with <see cref="OperationCanceledException"/>.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>Every iteration its own event, no decode runs (the reference the decode-run tests compare with).</summary>
    internal bool OneEventPerIteration { get; init; }
}

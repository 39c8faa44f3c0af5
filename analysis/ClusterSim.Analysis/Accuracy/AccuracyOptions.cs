namespace ClusterSim.Analysis.Accuracy;

/// <summary>How <see cref="AccuracyCheck"/> runs a scenario against its measurements.</summary>
public sealed record AccuracyOptions
{
    /// <summary>Seed of the run and of the first capacity replication; null: the scenario's run.seed.</summary>
    public ulong? Seed { get; init; }

    /// <summary>Whether to search for a measured <c>capacity_rps</c> (a search is tens of runs); false: the figure is reported as not run.</summary>
    public bool Capacity { get; init; } = true;

    /// <summary>Runs per rate of the capacity search, on common seeds, as the capacity checks in the test suite run it.</summary>
    public int CapacityReplications { get; init; } = 3;

    /// <summary>Capacity replications run at once; 0: one per core.</summary>
    public int Parallelism { get; init; }
}

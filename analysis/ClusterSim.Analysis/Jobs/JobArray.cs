namespace ClusterSim.Analysis.Jobs;

/// <summary>
/// A sharded run as a scheduler sees it: <see cref="Count"/> independent tasks, task i running
/// <c>clustersim ... --shard i/N</c>, then one merge. The arguments are the CLI's own, with
/// <see cref="ShardToken"/> where the shard goes and <see cref="ThreadsToken"/> where the task's
/// CPU count goes, so Slurm and Kubernetes each fill in their own variables
/// (<c>SLURM_ARRAY_TASK_ID</c>, <c>JOB_COMPLETION_INDEX</c>).
/// </summary>
/// <param name="Name">Job name stem (the scenario or fleet name).</param>
/// <param name="Count">Tasks in the array, N.</param>
/// <param name="OutputDirectory">Where the shard files and the merged results land, as the tasks see it.</param>
/// <param name="ShardFilePrefix"><c>shard</c> (sweeps) or <c>fleet-shard</c> (fleets): shard files are <c>PREFIX-i-of-N.json</c>.</param>
/// <param name="ShardArguments">CLI arguments of task i, with the two tokens.</param>
/// <param name="MergeArguments">CLI arguments of the merge.</param>
public sealed record JobArray(
    string Name,
    int Count,
    string OutputDirectory,
    string ShardFilePrefix,
    IReadOnlyList<string> ShardArguments,
    IReadOnlyList<string> MergeArguments)
{
    /// <summary>Stands for <c>i/N</c> in <see cref="ShardArguments"/>.</summary>
    public const string ShardToken = "\u0001SHARD\u0001";

    /// <summary>Stands for the task's CPU count in <see cref="ShardArguments"/>.</summary>
    public const string ThreadsToken = "\u0001THREADS\u0001";
}

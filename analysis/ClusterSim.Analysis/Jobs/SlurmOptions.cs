namespace ClusterSim.Analysis.Jobs;

/// <summary>
/// Slurm settings passed through to the job scripts as <c>#SBATCH</c> lines; null leaves the
/// cluster's default. Values are Slurm's own syntax (<c>--time 2:00:00</c>, <c>--mem 8G</c>).
/// </summary>
public sealed record SlurmOptions(string? Partition = null, string? Time = null, string? Memory = null, int? CpusPerTask = null, string? Account = null);

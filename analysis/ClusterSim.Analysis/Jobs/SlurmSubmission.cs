namespace ClusterSim.Analysis.Jobs;

/// <summary>Job ids sbatch gave the array and the merge that waits on it.</summary>
public sealed record SlurmSubmission(string ArrayJobId, string MergeJobId);

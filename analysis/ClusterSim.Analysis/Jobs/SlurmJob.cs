namespace ClusterSim.Analysis.Jobs;

/// <summary>
/// A command that runs as one Slurm job rather than an array (the planner: see
/// <see cref="SlurmScripts.Single"/>): the CLI's own arguments, with <see cref="JobArray.ThreadsToken"/>
/// where the job's CPU count goes.
/// </summary>
/// <param name="Name">Job name stem (the scenario name).</param>
/// <param name="Command">The subcommand, e.g. <c>plan</c>: it names the script (<c>plan.sbatch</c>) and its log.</param>
/// <param name="OutputDirectory">Where the results land, as the job sees it.</param>
/// <param name="Arguments">CLI arguments, the subcommand first.</param>
public sealed record SlurmJob(string Name, string Command, string OutputDirectory, IReadOnlyList<string> Arguments);

using System.Globalization;
using System.Text;

namespace ClusterSim.Analysis.Jobs;

/// <summary>
/// The two batch scripts of a sharded run on Slurm: a job array of N tasks (task i runs shard i/N
/// from <c>SLURM_ARRAY_TASK_ID</c>) and a merge job submitted with <c>--dependency=afterok:ARRAY</c>.
/// A task that fails leaves <c>PREFIX-i-of-N.failed</c> (exit code, host, log) beside the shard
/// files, so <c>clustersim merge</c> can say which shards failed rather than only which are missing.
/// </summary>
public static class SlurmScripts
{
    /// <summary>Folder of the scripts and logs under the output directory.</summary>
    public const string Folder = "slurm";

    /// <summary>File name of the array script.</summary>
    public const string ShardsScript = "shards.sbatch";

    /// <summary>File name of the merge script.</summary>
    public const string MergeScript = "merge.sbatch";

    /// <summary>The array script's text.</summary>
    /// <param name="cli">How to start clustersim on a compute node, e.g. <c>dotnet /opt/clustersim/clustersim.dll</c>.</param>
    /// <param name="workingDirectory">Absolute folder the tasks start in (<c>--chdir</c>).</param>
    public static string Shards(JobArray job, SlurmOptions options, string cli, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(options);
        var dir = job.OutputDirectory;
        var text = new StringBuilder();
        text.Append("#!/bin/bash\n");
        Directive(text, "job-name", $"clustersim-{NameStem(job)}");
        Directive(text, "array", string.Create(CultureInfo.InvariantCulture, $"0-{job.Count - 1}"));
        Directive(text, "output", Path.Combine(dir, Folder, "logs", "shard-%a.out"));
        Directive(text, "chdir", workingDirectory);
        Common(text, options, cpus: true);
        text.Append(CultureInfo.InvariantCulture, $"# Written by clustersim: task i of this array runs shard i/{job.Count} of '{job.Name}' into {dir};\n");
        text.Append("# the merge job (merge.sbatch, submitted with --dependency=afterok on this array) combines them.\n");
        text.Append("# Re-run some tasks only: sbatch --array=2,5 this-file (the command line overrides the #SBATCH line).\n");
        text.Append("set -u\n");
        text.Append(CultureInfo.InvariantCulture, $"N={job.Count}\n");
        text.Append("I=\"${SLURM_ARRAY_TASK_ID:?this script runs as a Slurm array task (sbatch), not by hand}\"\n");
        var failed = $"{ShellWords.Quote(Path.Combine(dir, job.ShardFilePrefix + "-"))}\"$I-of-$N.failed\"";
        text.Append("rm -f ").Append(failed).Append('\n');
        text.Append(ShellWords.Join(cli, job.ShardArguments, "\"$I/$N\"", "\"${SLURM_CPUS_PER_TASK:-1}\"")).Append('\n');
        text.Append("rc=$?\n");
        text.Append("if [ \"$rc\" -ne 0 ]; then\n");
        text.Append("  echo \"exit $rc on $(hostname) (job ${SLURM_ARRAY_JOB_ID:-?}_$I); log: ")
            .Append(Path.Combine(dir, Folder, "logs")).Append("/shard-$I.out\" > ").Append(failed).Append('\n');
        text.Append("fi\n");
        text.Append("exit \"$rc\"\n");
        return text.ToString();
    }

    /// <summary>The merge script's text.</summary>
    public static string Merge(JobArray job, SlurmOptions options, string cli, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(options);
        var text = new StringBuilder();
        text.Append("#!/bin/bash\n");
        Directive(text, "job-name", $"clustersim-{NameStem(job)}-merge");
        Directive(text, "output", Path.Combine(job.OutputDirectory, Folder, "logs", "merge.out"));
        Directive(text, "chdir", workingDirectory);
        Common(text, options with { CpusPerTask = null }, cpus: false);
        text.Append("# Written by clustersim: combines the shard files once every array task has succeeded.\n");
        text.Append(ShellWords.Join(cli, job.MergeArguments, "", "1")).Append('\n');
        return text.ToString();
    }

    /// <summary>
    /// The script of a command that runs as one job (no array, no merge): the pass-through settings,
    /// and the job's CPUs given to the command's own parallelism. The job's exit code is the
    /// command's, so Slurm's accounting (sacct) tells success from failure.
    /// </summary>
    public static string Single(SlurmJob job, SlurmOptions options, string cli, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(options);
        var text = new StringBuilder();
        text.Append("#!/bin/bash\n");
        Directive(text, "job-name", $"clustersim-{Stem(job.Name)}-{job.Command}");
        Directive(text, "output", Path.Combine(job.OutputDirectory, Folder, "logs", job.Command + ".out"));
        Directive(text, "chdir", workingDirectory);
        Common(text, options, cpus: true);
        text.Append(CultureInfo.InvariantCulture, $"# Written by clustersim: runs '{job.Command}' of '{job.Name}' as one job into {job.OutputDirectory}.\n");
        text.Append("exec ").Append(ShellWords.Join(cli, job.Arguments, "", "\"${SLURM_CPUS_PER_TASK:-1}\"")).Append('\n');
        return text.ToString();
    }

    /// <summary>Writes <see cref="Single"/>'s script as <c>OUT/slurm/COMMAND.sbatch</c> (and the log folder); returns its path.</summary>
    public static string WriteSingle(SlurmJob job, SlurmOptions options, string cli, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(job);
        var folder = Path.Combine(job.OutputDirectory, Folder);
        Directory.CreateDirectory(Path.Combine(folder, "logs"));
        var script = Path.Combine(folder, job.Command + ".sbatch");
        File.WriteAllText(script, Single(job, options, cli, workingDirectory));
        return script;
    }

    /// <summary>
    /// Writes both scripts (and the log folder, which Slurm does not create) under
    /// <c>OUT/slurm/</c>; returns (array script, merge script).
    /// </summary>
    public static (string Shards, string Merge) Write(JobArray job, SlurmOptions options, string cli, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(job);
        var folder = Path.Combine(job.OutputDirectory, Folder);
        Directory.CreateDirectory(Path.Combine(folder, "logs"));
        var shards = Path.Combine(folder, ShardsScript);
        var merge = Path.Combine(folder, MergeScript);
        File.WriteAllText(shards, Shards(job, options, cli, workingDirectory));
        File.WriteAllText(merge, Merge(job, options, cli, workingDirectory));
        return (shards, merge);
    }

    /// <summary>The scenario or fleet name with blanks made dashes: a job name is ours to shape, unlike a path or partition.</summary>
    private static string NameStem(JobArray job) => Stem(job.Name);

    private static string Stem(string name) => new(name.Select(c => char.IsWhiteSpace(c) || char.IsControl(c) ? '-' : c).ToArray());

    private static void Common(StringBuilder text, SlurmOptions options, bool cpus)
    {
        if (options.Partition is { } p)
        {
            Directive(text, "partition", p);
        }

        if (options.Account is { } a)
        {
            Directive(text, "account", a);
        }

        if (options.Time is { } t)
        {
            Directive(text, "time", t);
        }

        if (options.Memory is { } m)
        {
            Directive(text, "mem", m);
        }

        if (cpus)
        {
            Directive(text, "cpus-per-task", (options.CpusPerTask ?? 1).ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void Directive(StringBuilder text, string name, string value)
    {
        // #SBATCH lines are not parsed by a shell: a value with a space or a newline would be cut or break the script.
        if (value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new ArgumentException($"--{name} '{value}': Slurm cannot take a space or control character here (#SBATCH lines are not shell-quoted); use a path or value without one");
        }

        text.Append("#SBATCH --").Append(name).Append('=').Append(value).Append('\n');
    }
}

using System.Text.RegularExpressions;
using ClusterSim.Analysis.Sweeps;

namespace ClusterSim.Analysis.Jobs;

/// <summary>
/// Slurm settings passed through to the job scripts as <c>#SBATCH</c> lines; null leaves the
/// cluster's default. Values are Slurm's own syntax (<c>--time 2:00:00</c>, <c>--mem 8G</c>).
/// </summary>
public sealed partial record SlurmOptions(string? Partition = null, string? Time = null, string? Memory = null, int? CpusPerTask = null, string? Account = null)
{
    /// <summary>
    /// These settings, refused with a readable message (exit 2 at the command line) where Slurm would refuse them
    /// only at submission, after the scripts were written: a time limit outside sbatch's forms (minutes, M:S, H:M:S,
    /// D-H, D-H:M, D-H:M:S, or UNLIMITED), memory that is not a whole number with an optional K/M/G/T unit, a CPU
    /// count below 1, or a partition or account with white space (the script line would split).
    /// </summary>
    public SlurmOptions Checked()
    {
        if (Time is { } time && !TimeForm().IsMatch(time))
        {
            throw new SweepInputException($"--time '{time}' is not a Slurm time limit; expected minutes, M:S, H:M:S, D-H, D-H:M, D-H:M:S or UNLIMITED (e.g. 2:00:00)");
        }

        if (Memory is { } memory && !MemoryForm().IsMatch(memory))
        {
            throw new SweepInputException($"--mem '{memory}' is not a Slurm memory size; expected a whole number with an optional unit K, M, G or T (e.g. 8G)");
        }

        if (CpusPerTask is < 1)
        {
            throw new SweepInputException($"--cpus-per-task {CpusPerTask} must be at least 1");
        }

        foreach (var (name, value) in new[] { ("--partition", Partition), ("--account", Account) })
        {
            if (value is not null && (value.Length == 0 || value.Any(char.IsWhiteSpace)))
            {
                throw new SweepInputException($"{name} '{value}' must be one word (a {name[2..]} name)");
            }
        }

        return this;
    }

    [GeneratedRegex(@"^(?:\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d+|\d+-\d+:\d{1,2}|\d+-\d+:\d{1,2}:\d{1,2}|(?i:unlimited|infinite))$")]
    private static partial Regex TimeForm();

    [GeneratedRegex(@"^\d+[KMGTkmgt]?$")]
    private static partial Regex MemoryForm();
}

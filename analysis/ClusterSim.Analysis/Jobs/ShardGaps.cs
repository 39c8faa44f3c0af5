using System.Globalization;

namespace ClusterSim.Analysis.Jobs;

/// <summary>
/// What a merge says when shards are absent: each one named, as failed (with what its task left in
/// <c>PREFIX-i-of-N.failed</c>) or missing, then the one command that re-runs only those: with the
/// Slurm scripts beside the shards, an <c>sbatch --array=2,5</c> of the array script chained to the
/// merge script; otherwise the shard command for each.
/// </summary>
public static class ShardGaps
{
    /// <param name="missing">Absent shard indices, ascending.</param>
    /// <param name="count">N.</param>
    /// <param name="prefix"><c>shard</c> or <c>fleet-shard</c>.</param>
    /// <param name="directory">Folder the shards were read from (null when files were named one by one).</param>
    /// <param name="command">The CLI command that writes a shard, for the message without Slurm (<c>sweep</c>, <c>fleet</c>).</param>
    public static IReadOnlyList<string> Describe(IReadOnlyList<int> missing, int count, string prefix, string? directory, string command)
    {
        ArgumentNullException.ThrowIfNull(missing);
        if (missing.Count == 0)
        {
            return [];
        }

        var lines = new List<string>();
        foreach (var i in missing)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i}-of-{count}");
            var failed = directory is null ? null : Path.Combine(directory, name + ".failed");
            lines.Add(failed is not null && File.Exists(failed)
                ? string.Create(CultureInfo.InvariantCulture, $"shard {i}/{count} failed: {ReadNote(failed)}")
                : string.Create(CultureInfo.InvariantCulture, $"shard {i}/{count} is missing ({name}.json)"));
        }

        var list = string.Join(',', missing.Select(i => i.ToString(CultureInfo.InvariantCulture)));
        var script = directory is null ? null : Path.Combine(directory, SlurmScripts.Folder, SlurmScripts.ShardsScript);
        if (script is not null && File.Exists(script))
        {
            var merge = Path.Combine(directory!, SlurmScripts.Folder, SlurmScripts.MergeScript);
            lines.Add($"re-run only these shards and merge again: sbatch --dependency=afterok:$(sbatch --parsable --array={list} {ShellWords.Quote(script)}) {ShellWords.Quote(merge)}");
        }
        else
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"re-run only these shards ('clustersim {command} ... {string.Join(" / ", missing.Select(i => $"--shard {i}/{count}"))}', with the same arguments as the others) and merge again"));
        }

        return lines;
    }

    private static string ReadNote(string path)
    {
        try
        {
            var note = File.ReadAllText(path).Trim();
            return note.Length == 0 ? $"its task left {path} without a reason" : note;
        }
        catch (IOException ex)
        {
            return $"its task left {path} ({ex.Message})";
        }
    }
}

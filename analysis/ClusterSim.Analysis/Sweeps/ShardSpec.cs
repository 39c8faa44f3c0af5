using System.Globalization;

namespace ClusterSim.Analysis.Sweeps;

/// <summary>
/// One slice of a sweep, <c>i/N</c>: the points whose index modulo <see cref="Count"/> is
/// <see cref="Index"/>. Round-robin rather than contiguous blocks, so slow points (high load, many
/// replicas) spread over the shards. With a job array, i is the task index (SLURM_ARRAY_TASK_ID,
/// JOB_COMPLETION_INDEX) and N the array size.
/// </summary>
public readonly record struct ShardSpec(int Index, int Count)
{
    /// <summary>Whether point <paramref name="pointIndex"/> belongs to this shard.</summary>
    public bool Includes(int pointIndex) => pointIndex % Count == Index;

    /// <summary>File a shard writes: <c>shard-i-of-N.json</c>.</summary>
    public string FileName => string.Create(CultureInfo.InvariantCulture, $"shard-{Index}-of-{Count}.json");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    /// <summary>Parses <c>i/N</c> with <c>0 &lt;= i &lt; N</c>; throws <see cref="SweepInputException"/> naming the argument.</summary>
    public static ShardSpec Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            throw new SweepInputException($"--shard {text}: expected i/N with whole numbers 0 <= i < N, for example 0/4");
        }

        return Create(index, count, $"--shard {text}");
    }

    /// <summary>
    /// The shard <c>i/N</c> after checking <c>0 &lt;= i &lt; N</c>: every spec read from outside (the
    /// command line, a shard file) comes through here, since a count of 0 would divide by zero in
    /// <see cref="Includes"/>. Throws <see cref="SweepInputException"/> prefixed with <paramref name="source"/>.
    /// </summary>
    public static ShardSpec Create(int index, int count, string source)
    {
        var problem = count < 1 ? "the shard count N must be at least 1"
            : index < 0 ? "the shard index must be 0 or more; shards are numbered from 0"
            : index >= count ? string.Create(CultureInfo.InvariantCulture, $"the shard index must be below the count (0 to {count - 1}); shards are numbered from 0")
            : null;
        return problem is null ? new ShardSpec(index, count) : throw new SweepInputException($"{source}: {problem}");
    }
}

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

        if (count < 1 || index >= count)
        {
            throw new SweepInputException(count < 1
                ? $"--shard {text}: the shard count N must be at least 1"
                : $"--shard {text}: the shard index must be below the count (0 to {count - 1}); shards are numbered from 0");
        }

        return new ShardSpec(index, count);
    }
}

using System.Globalization;

namespace ClusterSim.Analysis.Sweeps;

/// <summary>
/// Finds, reads and merges the shard files of a sweep run as <c>--shard i/N</c> jobs. The merge
/// checks that the shards belong to one sweep (same scenario text, overrides, grid, replications)
/// and that together they hold every point exactly once; the result writes the same files, byte
/// for byte, as the sweep run on one machine.
/// </summary>
public static class SweepShards
{
    /// <summary>
    /// The shard files <paramref name="paths"/> name: files as given, directories searched (not
    /// recursively) for <c>shard-*-of-*.json</c>, in name order.
    /// </summary>
    public static IReadOnlyList<string> Find(IReadOnlyList<string> paths)
    {
        var errors = new List<string>();
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(path);
            }
            else if (Directory.Exists(path))
            {
                var found = Directory.GetFiles(path, "shard-*-of-*.json").Order(StringComparer.Ordinal).ToList();
                if (found.Count == 0)
                {
                    errors.Add($"{path}: no shard-*-of-*.json files in this directory; run 'clustersim sweep ... --shard i/N --out {path}' first");
                }

                files.AddRange(found);
            }
            else
            {
                errors.Add($"{path}: no such file or directory");
            }
        }

        if (errors.Count == 0 && files.Count == 0)
        {
            errors.Add("no shard files given; name the directories (or files) the shards were written to");
        }

        if (errors.Count > 0)
        {
            throw new SweepInputException(errors);
        }

        return files.Distinct().ToList();
    }

    /// <summary>Reads one shard file; <see cref="SweepInputException"/> when it cannot be read or is not a shard.</summary>
    public static SweepResult Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SweepInputException($"{path}: cannot read the file: {ex.Message}");
        }

        return SweepResultJson.Read(bytes, path);
    }

    /// <summary>Reads and merges shard files; <see cref="SweepInputException"/> lists every inconsistency.</summary>
    public static SweepResult Merge(IReadOnlyList<string> shardFiles)
        => Merge(shardFiles.Select(f => (f, Read(f))).ToList());

    internal static SweepResult Merge(IReadOnlyList<(string Name, SweepResult Shard)> shards)
    {
        if (shards.Count == 0)
        {
            throw new SweepInputException("no shard files to merge");
        }

        var errors = new List<string>();
        var (firstName, first) = shards[0];
        if (first.Shard is null)
        {
            errors.Add($"{firstName}: holds a whole sweep, not a shard");
        }

        var count = first.Shard?.Count ?? 1;
        var byIndex = new Dictionary<int, string>();
        foreach (var (name, shard) in shards)
        {
            if (!shard.Header.SameSweep(first.Header))
            {
                errors.Add($"{name}: belongs to another sweep than {firstName} (scenario '{shard.Header.Scenario}' vs '{first.Header.Scenario}'; the scenario text, --set values or replications differ)");
                continue;
            }

            if (shard.Shard is not { } spec)
            {
                if (name != firstName)
                {
                    errors.Add($"{name}: holds a whole sweep, not a shard");
                }

                continue;
            }

            if (spec.Count != count)
            {
                errors.Add($"{name}: is shard {spec} but {firstName} is one of {count}; all shards of a sweep need the same N");
                continue;
            }

            if (!byIndex.TryAdd(spec.Index, name))
            {
                errors.Add($"{name}: shard {spec} is also in {byIndex[spec.Index]}; give each shard once");
            }

            foreach (var p in shard.Points)
            {
                if (!spec.Includes(p.Info.Index))
                {
                    errors.Add($"{name}: point {p.Info.Index} does not belong to shard {spec}");
                }
            }
        }

        if (errors.Count == 0)
        {
            var missing = Enumerable.Range(0, count).Where(i => !byIndex.ContainsKey(i)).ToList();
            errors.AddRange(Jobs.ShardGaps.Describe(missing, count, "shard", Path.GetDirectoryName(Path.GetFullPath(firstName)), "sweep"));
        }

        var points = shards.SelectMany(s => s.Shard.Points).OrderBy(p => p.Info.Index).ToList();
        if (errors.Count == 0 && (points.Count != first.Header.PointsTotal || points.Select((p, i) => p.Info.Index != i).Any(b => b)))
        {
            errors.Add($"the shards hold {points.Count} points where the sweep has {first.Header.PointsTotal}; a shard file is incomplete or damaged");
        }

        if (errors.Count > 0)
        {
            throw new SweepInputException(errors);
        }

        return new SweepResult(first.Header, points, null);
    }
}

using ClusterSim.Analysis.Jobs;
using ClusterSim.Analysis.Sweeps;

namespace ClusterSim.Analysis.Fleets;

/// <summary>Finds and merges the shard files of a fleet run as <c>clustersim fleet FILE --shard i/N</c> tasks.</summary>
public static class FleetShards
{
    /// <summary>File name pattern of fleet shards.</summary>
    public const string Pattern = "fleet-shard-*-of-*.json";

    /// <summary>Whether <paramref name="paths"/> name fleet shards (a fleet-shard file, or a folder holding one) rather than sweep shards.</summary>
    public static bool AreFleetShards(IReadOnlyList<string> paths)
        => paths.Any(p => (File.Exists(p) && Path.GetFileName(p).StartsWith("fleet-shard-", StringComparison.Ordinal))
                          || (Directory.Exists(p) && Directory.EnumerateFiles(p, Pattern).Any()));

    /// <summary>The fleet shard files <paramref name="paths"/> name: files as given, folders searched for <see cref="Pattern"/>.</summary>
    public static IReadOnlyList<string> Find(IReadOnlyList<string> paths)
    {
        var files = new List<string>();
        var errors = new List<string>();
        foreach (var p in paths)
        {
            if (File.Exists(p))
            {
                files.Add(p);
            }
            else if (Directory.Exists(p))
            {
                var found = Directory.GetFiles(p, Pattern).Order(StringComparer.Ordinal).ToList();
                if (found.Count == 0)
                {
                    errors.Add($"{p}: no {Pattern} files in this directory; run 'clustersim fleet FILE --shard i/N --out {p}' first");
                }

                files.AddRange(found);
            }
            else
            {
                errors.Add($"{p}: no such file or directory");
            }
        }

        return errors.Count > 0 ? throw new SweepInputException(errors) : files.Distinct().ToList();
    }

    /// <summary>Reads and merges fleet shards; <see cref="SweepInputException"/> names every missing, failed, duplicate or foreign shard.</summary>
    public static FleetResult Merge(IReadOnlyList<string> files)
    {
        if (files.Count == 0)
        {
            throw new SweepInputException("no fleet shard files to merge");
        }

        var shards = files.Select(f => (Name: f, Shard: Read(f))).ToList();
        var (firstName, first) = shards[0];
        var errors = new List<string>();
        var count = first.Shard?.Count ?? 0;
        var byIndex = new Dictionary<int, string>();
        foreach (var (name, shard) in shards)
        {
            if (shard.Fingerprint != first.Fingerprint || shard.ClusterCount != first.ClusterCount)
            {
                errors.Add($"{name}: belongs to another fleet than {firstName} (fleet '{shard.Name}' vs '{first.Name}'; the fleet file or a scenario it names differs)");
            }
            else if (shard.Shard is not { } spec)
            {
                errors.Add($"{name}: holds a whole fleet, not a shard");
            }
            else if (spec.Count != count)
            {
                errors.Add($"{name}: is shard {spec} but {firstName} is one of {count}; all shards of a fleet need the same N");
            }
            else if (!byIndex.TryAdd(spec.Index, name))
            {
                errors.Add($"{name}: shard {spec} is also in {byIndex[spec.Index]}; give each shard once");
            }
            else if (shard.Clusters.Any(c => !spec.Includes(c.Index)))
            {
                errors.Add($"{name}: holds a cluster that does not belong to shard {spec}");
            }
        }

        if (errors.Count == 0)
        {
            var missing = Enumerable.Range(0, count).Where(i => !byIndex.ContainsKey(i)).ToList();
            errors.AddRange(ShardGaps.Describe(missing, count, "fleet-shard", Path.GetDirectoryName(Path.GetFullPath(firstName)), "fleet"));
        }

        var clusters = shards.SelectMany(s => s.Shard.Clusters).OrderBy(c => c.Index).ToList();
        if (errors.Count == 0 && (clusters.Count != first.ClusterCount || clusters.Select((c, i) => c.Index != i).Any(b => b)))
        {
            errors.Add($"the shards hold {clusters.Count} clusters where the fleet has {first.ClusterCount}; a shard file is incomplete or damaged");
        }

        return errors.Count > 0 ? throw new SweepInputException(errors) : new FleetResult(first.Name, first.Fingerprint, first.ClusterCount, clusters, null);
    }

    private static FleetResult Read(string path)
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

        return FleetShardJson.Read(bytes, path);
    }
}

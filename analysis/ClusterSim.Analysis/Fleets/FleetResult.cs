using ClusterSim.Analysis.Sweeps;

namespace ClusterSim.Analysis.Fleets;

/// <summary>
/// What a fleet (or one shard of it) measured, cluster by cluster. A shard writes
/// <c>fleet-shard-i-of-N.json</c>; a whole fleet (run in one go or merged) writes fleet.json,
/// sites.csv and clusters.csv.
/// </summary>
public sealed class FleetResult
{
    internal FleetResult(string name, string fingerprint, int clusterCount, IReadOnlyList<ClusterOutcome> clusters, ShardSpec? shard)
    {
        Name = name;
        Fingerprint = fingerprint;
        ClusterCount = clusterCount;
        Clusters = clusters;
        Shard = shard;
    }

    public string Name { get; }

    internal string Fingerprint { get; }

    /// <summary>Clusters in the whole fleet.</summary>
    public int ClusterCount { get; }

    /// <summary>The clusters this result holds, by index.</summary>
    internal IReadOnlyList<ClusterOutcome> Clusters { get; }

    public ShardSpec? Shard { get; }

    /// <summary>
    /// Null for a fleet of text classes only; otherwise what its outputs cover of the classes of
    /// other kinds (the same note fleet.json carries), for the console.
    /// </summary>
    public string? OtherKindsNote => Clusters.Any(c => c.OtherClasses.Count > 0) ? FleetOutputs.OtherKindsNote : null;

    /// <summary>Writes <c>fleet-shard-i-of-N.json</c> into <paramref name="directory"/> (atomically); returns its path.</summary>
    public string WriteShard(string directory)
    {
        var shard = Shard ?? throw new InvalidOperationException("a whole fleet writes its outputs, not a shard file");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "fleet-" + shard.FileName);
        SweepFiles.WriteAtomically([(path, FleetShardJson.Write(this))]);
        return path;
    }

    /// <summary>Writes fleet.json, sites.csv and clusters.csv into <paramref name="directory"/>; returns their paths.</summary>
    public IReadOnlyList<string> WriteOutputs(string directory)
    {
        if (Clusters.Count != ClusterCount)
        {
            throw new InvalidOperationException($"only a whole fleet writes outputs; this one has {Clusters.Count} of {ClusterCount} clusters (merge its shards first)");
        }

        Directory.CreateDirectory(directory);
        var files = FleetOutputs.Render(this).Select(f => (Path.Combine(directory, f.Name), f.Bytes)).ToList();
        SweepFiles.WriteAtomically(files);
        return files.Select(f => f.Item1).ToList();
    }
}

namespace ClusterSim.Analysis.Sweeps;

/// <summary>
/// What a sweep (or one shard of it) measured: every replication's figures per point. A complete
/// result writes sweep.csv, sweep.json, runs.csv and the charts; a shard writes its shard file for
/// <see cref="SweepShards.Merge"/>.
/// </summary>
public sealed class SweepResult
{
    internal SweepResult(SweepHeader header, IReadOnlyList<PointResult> points, ShardSpec? shard)
    {
        Header = header;
        Points = points;
        Shard = shard;
    }

    internal SweepHeader Header { get; }

    /// <summary>In point order.</summary>
    internal IReadOnlyList<PointResult> Points { get; }

    /// <summary>The slice this result holds, or null for a whole sweep (run in one go or merged).</summary>
    public ShardSpec? Shard { get; }

    public string ScenarioName => Header.Scenario;

    public int PointCount => Points.Count;

    /// <summary>Whether every point of the grid is here.</summary>
    public bool IsComplete => Points.Count == Header.PointsTotal;

    /// <summary>
    /// Writes <c>shard-i-of-N.json</c> into <paramref name="directory"/> (created if needed) and
    /// returns its path. Written under a temporary name and renamed, so a killed job leaves no
    /// half file for merge to trip over.
    /// </summary>
    public string WriteShard(string directory)
    {
        var shard = Shard ?? throw new InvalidOperationException("a whole sweep writes its outputs, not a shard file");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, shard.FileName);
        SweepFiles.WriteAtomically([(path, SweepResultJson.Write(this))]);
        return path;
    }

    /// <summary>
    /// Writes sweep.csv, sweep.json, runs.csv and the charts the swept parameters allow into
    /// <paramref name="directory"/>; returns the paths written, in order.
    /// </summary>
    public IReadOnlyList<string> WriteOutputs(string directory)
    {
        if (!IsComplete)
        {
            throw new InvalidOperationException($"only a whole sweep writes outputs; this one has {Points.Count} of {Header.PointsTotal} points (merge its shards first)");
        }

        Directory.CreateDirectory(directory);
        var files = SweepOutputs.Render(this).Select(f => (Path.Combine(directory, f.Name), f.Bytes)).ToList();
        SweepFiles.WriteAtomically(files);
        return files.Select(f => f.Item1).ToList();
    }
}

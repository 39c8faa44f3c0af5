namespace ClusterSim.Scenarios.Fleets;

/// <summary>One cluster of a fleet, ready to load: a scenario file and the overrides that make it this cluster.</summary>
/// <param name="Index">Position in the fleet, from 0: the shard key (cluster k is in shard k % N).</param>
/// <param name="Name">Cluster name: the site's, or <c>site-k</c> when the site has several.</param>
/// <param name="Site">Site (region) the cluster belongs to; per-site tables group by it.</param>
/// <param name="ScenarioPath">Full path of the scenario file.</param>
/// <param name="Sets"><c>path=value</c> overrides in order: the site's own, then the front door's arrivals, then the seed.</param>
/// <param name="Rate">Mean requests per second the front door sends here.</param>
/// <param name="UtcOffsetHours">The site's offset from UTC, in hours.</param>
public sealed record FleetClusterSpec(int Index, string Name, string Site, string ScenarioPath, IReadOnlyList<string> Sets, double Rate, double UtcOffsetHours)
{
    /// <summary>Per entry of <see cref="Sets"/>, where the fleet file wrote it; null for one it adds itself (the seed).</summary>
    public IReadOnlyList<SetOrigin?> SetOrigins { get; init; } = [];

    /// <summary>
    /// An error the scenario loader found in one of <see cref="Sets"/>, moved to where the fleet file
    /// wrote that override (the column within the <c>PATH=VALUE</c> text kept within the path or the
    /// value), with the site and scenario named; any other error as it is.
    /// </summary>
    public ScenarioError Locate(ScenarioError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        for (var i = 0; i < Sets.Count && i < SetOrigins.Count; i++)
        {
            if (SetOrigins[i] is not { } at || error.File != "--set " + Sets[i])
            {
                continue;
            }

            var eq = Sets[i].IndexOf('=', StringComparison.Ordinal);
            var message = $"{error.Message} (site {Site}, scenario {Path.GetFileName(ScenarioPath)})";
            if (!at.Verbatim)
            {
                return new ScenarioError(at.File, at.PathLine, at.PathColumn, message);
            }

            return error.Line == 1 && error.Column > eq + 1
                ? new ScenarioError(at.File, at.ValueLine, at.ValueColumn + (error.Column - (eq + 2)), message)
                : new ScenarioError(at.File, at.PathLine, at.PathColumn + Math.Clamp(error.Column - 1, 0, Math.Max(0, eq - 1)), message);
        }

        return error;
    }
}

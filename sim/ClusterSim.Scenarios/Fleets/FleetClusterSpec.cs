namespace ClusterSim.Scenarios.Fleets;

/// <summary>One cluster of a fleet, ready to load: a scenario file and the overrides that make it this cluster.</summary>
/// <param name="Index">Position in the fleet, from 0: the shard key (cluster k is in shard k % N).</param>
/// <param name="Name">Cluster name: the site's, or <c>site-k</c> when the site has several.</param>
/// <param name="Site">Site (region) the cluster belongs to; per-site tables group by it.</param>
/// <param name="ScenarioPath">Full path of the scenario file.</param>
/// <param name="Sets"><c>path=value</c> overrides in order: the site's own, then the front door's arrivals, then the seed.</param>
/// <param name="Rate">Mean requests per second the front door sends here.</param>
/// <param name="UtcOffsetHours">The site's offset from UTC, in hours.</param>
public sealed record FleetClusterSpec(int Index, string Name, string Site, string ScenarioPath, IReadOnlyList<string> Sets, double Rate, double UtcOffsetHours);

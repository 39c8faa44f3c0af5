namespace ClusterSim.Scenarios.Fleets;

/// <summary>
/// A fleet: independent clusters (each a scenario with overrides) behind one front door that splits
/// the fleet's traffic among them. Each cluster runs on its own (a shard); merging combines them.
/// </summary>
/// <param name="Name">Fleet name (default: the file name).</param>
/// <param name="SourcePath">Full path of the fleet file.</param>
/// <param name="Seed">Cluster k runs with run.seed = Seed + k, so identical clusters see different traffic.</param>
/// <param name="FrontDoor">How the fleet's traffic is split.</param>
/// <param name="Clusters">Every cluster, in file order (sites in order, then a site's clusters).</param>
public sealed record FleetSpec(string Name, string SourcePath, ulong Seed, FrontDoorSpec FrontDoor, IReadOnlyList<FleetClusterSpec> Clusters);

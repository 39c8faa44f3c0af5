using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Fleets;

namespace ClusterSim.Analysis.Fleets;

/// <summary>A fleet checked and ready to run: every cluster's scenario loaded with its overrides and compiled once.</summary>
public sealed class FleetPlan
{
    internal FleetPlan(FleetSpec spec, IReadOnlyList<Scenario> scenarios, string fingerprint)
    {
        Spec = spec;
        Scenarios = scenarios;
        Fingerprint = fingerprint;
    }

    public FleetSpec Spec { get; }

    /// <summary>Cluster k's scenario, by index.</summary>
    internal IReadOnlyList<Scenario> Scenarios { get; }

    /// <summary>SHA-256 of the fleet file and every scenario file it names: shards of one fleet share it.</summary>
    public string Fingerprint { get; }

    public string Name => Spec.Name;

    public int ClusterCount => Spec.Clusters.Count;

    /// <summary>Accelerators in the whole fleet.</summary>
    public long Accelerators => Scenarios.Sum(s => (long)s.Hardware.Nodes.Sum(n => n.TotalAccelerators));
}

using ClusterSim.Engine.Core;

namespace ClusterSim.Model.Serving.Kinds;

/// <summary>
/// A workload kind's compiled pools and classes (video, avatar, image, ...), carried in
/// <see cref="Cluster.ServingSetup.Kinds"/>. The cluster knows kinds only through this: it asks each
/// for its service on the simulation, numbers its replicas after the ones before it, and hands them
/// to the facility and the summary like any other replica.
/// </summary>
public interface IKindSetup
{
    /// <summary>The kind's name: the workload <c>kind:</c> of the scenario and its summary.json section.</summary>
    string Kind { get; }

    /// <summary>Creates the kind's replicas and traffic sources on <paramref name="simulation"/>.</summary>
    /// <param name="warmupNs">Work arriving before this is served but left out of the statistics.</param>
    /// <param name="firstIndex">Cluster index of the kind's first replica.</param>
    IKindService Create(Simulation simulation, long warmupNs, int firstIndex);
}

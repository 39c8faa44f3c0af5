using ClusterSim.Model.Serving.Kinds;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Setup.Kinds;

/// <summary>
/// What every kind's builder does besides compiling a deployment or a workload: collect pools and classes in
/// scenario order, and build nothing for a scenario with neither (so a kind the scenario does not use adds no service).
/// </summary>
/// <param name="setup">The kind's set-up of the collected classes and pools.</param>
internal abstract class KindBuilder<TClass, TPool>(Func<IReadOnlyList<TClass>, IReadOnlyList<TPool>, IKindSetup> setup) : IKindBuilder
{
    protected List<TPool> Pools { get; } = [];

    protected List<TClass> Classes { get; } = [];

    public abstract void AddPool(DeploymentSpec deployment);

    public abstract void AddClass(WorkloadSpec workload);

    public IKindSetup? Build() => Pools.Count > 0 || Classes.Count > 0 ? setup(Classes, Pools) : null;
}

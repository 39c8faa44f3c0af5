using ClusterSim.Model.Serving.Kinds;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Setup.Kinds;

/// <summary>One kind's compilation of one scenario.</summary>
public interface IKindBuilder
{
    /// <summary>A deployment of one of the kind's models: becomes a pool (its notes are written as it is added).</summary>
    void AddPool(DeploymentSpec deployment);

    /// <summary>A workload of the kind: becomes a class.</summary>
    void AddClass(WorkloadSpec workload);

    /// <summary>The kind's set-up, or null when the scenario has neither pools nor classes of it.</summary>
    IKindSetup? Build();
}

using ClusterSim.Model.Facility;

namespace ClusterSim.Model.Tests.Facility;

public sealed class A100PhasePowerModelContract : PowerModelContract
{
    protected override IPowerModel Create() => PowerModels.Phase(AcceleratorPower.A100Sxm80);
}

using ClusterSim.Model.Facility;

namespace ClusterSim.Model.Tests.Facility;

public sealed class H100PhasePowerModelContract : PowerModelContract
{
    protected override IPowerModel Create() => PowerModels.Phase(AcceleratorPower.H100Sxm);
}

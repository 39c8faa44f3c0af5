using ClusterSim.Model.Facility;

namespace ClusterSim.Model.Tests.Facility;

/// <summary>The phase model of an H200 limited to 500 W below the 700 W board its step times come from (MLPerf's MaxQ).</summary>
public sealed class LimitedH200PhasePowerModelContract : PowerModelContract
{
    protected override IPowerModel Create() => PowerModels.Phase(AcceleratorPower.FromSpec(700, 75, 4.8e12) with { TdpW = 500, ReferenceTdpW = 700 });
}

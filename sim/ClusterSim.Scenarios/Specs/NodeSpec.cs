namespace ClusterSim.Scenarios;

/// <summary>A group of identical nodes.</summary>
/// <param name="Name">Group name in the scenario.</param>
/// <param name="Count">Number of nodes.</param>
/// <param name="Accelerator">Key of the accelerator type (see <see cref="Scenario.Accelerator"/>).</param>
/// <param name="PerNode">Accelerators per node.</param>
/// <param name="Link">Intra-node link between accelerators (the accelerator's scale-up link unless overridden); null when neither is given.</param>
/// <param name="HostMemoryGb">Host DRAM per node in GB, when given.</param>
/// <param name="HostPowerW">Power of the node besides its accelerators in watts, when given.</param>
/// <param name="Cxl">CXL memory per node, when given.</param>
/// <param name="Network">Scale-out network per node, when given.</param>
/// <param name="HostCores">Host CPU cores per node, when given (the CPU stages of avatar pipelines run on them).</param>
public sealed record NodeSpec(
    string Name,
    int Count,
    string Accelerator,
    int PerNode,
    LinkSpec? Link,
    double? HostMemoryGb,
    double? HostPowerW,
    CxlSpec? Cxl,
    LinkSpec? Network,
    int? HostCores = null)
{
    public long TotalAccelerators => (long)Count * PerNode;
}

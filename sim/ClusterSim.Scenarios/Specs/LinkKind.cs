namespace ClusterSim.Scenarios;

/// <summary>Link technologies; the scenario spelling is snake_case (nvlink4, infinity_fabric, ...).</summary>
public enum LinkKind
{
    Nvlink3,
    Nvlink4,
    Nvlink5,
    InfinityFabric,
    Pcie4,
    Pcie5,
    Pcie6,
    Ici,
    Roce,
    Neuronlink,
    Hccs,
    Ethernet,
    Infiniband,

    /// <summary>NVLink-C2C between a Grace CPU and its GPUs (GB200).</summary>
    NvlinkC2c,
}

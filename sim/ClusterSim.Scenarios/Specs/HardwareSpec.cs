namespace ClusterSim.Scenarios;

/// <summary>The machines.</summary>
/// <param name="Accelerators">Every accelerator type the node groups use, resolved (catalog and overrides).</param>
/// <param name="Nodes">Node groups in file order.</param>
/// <param name="Racks">Racks in file order, then one implicit rack per node group that no rack lists.</param>
public sealed record HardwareSpec(IReadOnlyList<AcceleratorSpec> Accelerators, IReadOnlyList<NodeSpec> Nodes, IReadOnlyList<RackSpec> Racks);

namespace ClusterSim.Model.Facility;

/// <summary>A node in the facility.</summary>
/// <param name="Name">Name for reports.</param>
/// <param name="Rack">Index of its rack in the facility's rack list.</param>
/// <param name="Accelerators">Number of accelerators.</param>
/// <param name="Power">Power model of one of its accelerators.</param>
/// <param name="Host">Power besides the accelerators.</param>
/// <param name="Thermal">Thermal path, or null for the cooling system's default.</param>
public sealed record NodeConfig(string Name, int Rack, int Accelerators, IPowerModel Power, NodePower Host, ThermalParameters? Thermal = null);

namespace ClusterSim.Model.Facility;

/// <summary>Part of an accelerator group: <paramref name="Accelerators"/> accelerators on node <paramref name="Node"/>.</summary>
public readonly record struct GroupPiece(int Node, int Accelerators);

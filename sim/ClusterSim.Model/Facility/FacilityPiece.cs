namespace ClusterSim.Model.Facility;

/// <summary>The accelerators of one <see cref="FacilityGroup"/> on one node, with the power they draw now.</summary>
internal sealed class FacilityPiece(FacilityGroup group, int node, int count)
{
    public FacilityGroup Group { get; } = group;

    public int Node { get; } = node;

    public int Count { get; } = count;

    public double W { get; set; }
}

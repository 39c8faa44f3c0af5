namespace ClusterSim.Model.Facility;

/// <summary>The accelerators of one <see cref="FacilityGroup"/> on one node, with the power they draw now.</summary>
internal sealed class FacilityPiece(FacilityGroup group, int node, int count)
{
    public FacilityGroup Group { get; } = group;

    public int Node { get; } = node;

    public int Count { get; } = count;

    public double W { get; set; }

    /// <summary>The power booked for it since its group's last committed change (<see cref="W"/> may be a cap probe meanwhile).</summary>
    public double BookedW { get; set; }

    /// <summary>Energy its accelerators drew up to its group's last committed change, joules.</summary>
    public CompensatedSum Joules;
}

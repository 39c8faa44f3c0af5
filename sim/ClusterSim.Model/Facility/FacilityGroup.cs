namespace ClusterSim.Model.Facility;

/// <summary>
/// One accelerator group of a <see cref="FacilityModel"/> (a replica's accelerators): its pieces on
/// nodes, the activity and clock it last set, and scratch the cap controller uses while solving.
/// </summary>
internal sealed class FacilityGroup(int index, long since)
{
    public int Index { get; } = index;

    public FacilityPiece[] Pieces { get; set; } = [];

    /// <summary>Nodes the group spans, ascending.</summary>
    public int[] Nodes { get; set; } = [];

    /// <summary>Racks the group spans, ascending (the first is where the site fold restarts).</summary>
    public int[] Racks { get; set; } = [];

    public int Accelerators { get; set; }

    public AcceleratorActivity Activity { get; set; }

    public double Clock { get; set; } = 1;

    /// <summary>The clock its boards' own power limit allows its current activity (1 but for a board limited below its reference).</summary>
    public double BoardLimit { get; set; } = 1;

    public long Since { get; set; } = since;

    public bool CapLimited { get; set; }

    /// <summary>An activity a cap refused, until the group next sets one.</summary>
    public AcceleratorActivity? Pending { get; set; }

    // Scratch for the cap target search.
    public double Limit { get; set; } = 1;

    public double RackTarget { get; set; } = 1;
}

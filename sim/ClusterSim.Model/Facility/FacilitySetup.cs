namespace ClusterSim.Model.Facility;

/// <summary>
/// The facility a serving run drives: racks, nodes and site options for a <see cref="FacilityModel"/>,
/// where each replica's accelerators sit, and the cost inputs.
/// </summary>
public sealed record FacilitySetup
{
    public required FacilityOptions Options { get; init; }

    public required IReadOnlyList<RackConfig> Racks { get; init; }

    public required IReadOnlyList<NodeConfig> Nodes { get; init; }

    /// <summary>
    /// Per pool name, one entry per replica in pool order: the (node, accelerators) pieces it occupies.
    /// A pool missing here draws no busy power (its accelerators count as idle hardware of their nodes).
    /// </summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyList<GroupPiece>>> Placement { get; init; }

    /// <summary>Cost inputs; <see cref="CostParameters.DesignItKw"/> is filled in from the facility's nameplate power.</summary>
    public required CostParameters Cost { get; init; }

    /// <summary>
    /// Per pool name, what one of its accelerators costs in the cost mode (rent per hour, or purchase
    /// price), so a class is charged for the hardware that served it; a pool missing here costs 0 per accelerator.
    /// </summary>
    public IReadOnlyDictionary<string, double> AcceleratorCostByPool { get; init; } = new Dictionary<string, double>();
}

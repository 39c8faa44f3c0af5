namespace ClusterSim.Scenarios.Fleets;

/// <summary>How a fleet's front door splits traffic among clusters.</summary>
public enum FrontDoorSplit
{
    /// <summary>Each cluster gets a fixed share of the fleet rate, as Poisson arrivals.</summary>
    Shares,

    /// <summary>Each cluster's share follows a day-long sinusoid peaking at the same local time, shifted by its site's UTC offset.</summary>
    Diurnal,
}

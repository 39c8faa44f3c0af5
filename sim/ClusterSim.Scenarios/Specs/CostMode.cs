namespace ClusterSim.Scenarios;

public enum CostMode
{
    /// <summary>Capital cost over the lifetime, plus energy and other operating costs.</summary>
    Own,

    /// <summary>Rent per accelerator-hour.</summary>
    Rent,
}

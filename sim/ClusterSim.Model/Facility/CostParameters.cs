namespace ClusterSim.Model.Facility;

/// <summary>Capital and operating cost inputs of a <see cref="CostModel"/>.</summary>
/// <param name="Accelerators">Number of accelerators.</param>
/// <param name="AcceleratorPriceUsd">Purchase price of one accelerator.</param>
/// <param name="Nodes">Number of nodes.</param>
/// <param name="ServerPriceUsd">Price of one node without its accelerators.</param>
/// <param name="NetworkUsd">Network (switches, cables, optics) for the whole cluster.</param>
/// <param name="CoolingUsdPerKw">Cooling and power plant capital per kW of design IT power.</param>
/// <param name="DesignItKw">Design IT power the plant is built for (<see cref="FacilityModel.DesignItW"/> / 1000).</param>
/// <param name="LifetimeYears">Years over which capital is spread (straight line, 365-day years).</param>
/// <param name="OpexUsdPerYear">Other operating costs per year (staff, space, support).</param>
/// <param name="RentUsdPerAcceleratorHour">When set, the accelerators are rented at this price instead of bought: no capital, no electricity bill (the rent includes power).</param>
/// <param name="Hardware">The accelerator types behind the counts and mean prices above, reported as the cost's inputs; null: none given.</param>
/// <param name="Excluded">What this cost leaves out, reported with it; null: nothing stated.</param>
public sealed record CostParameters(
    int Accelerators,
    double AcceleratorPriceUsd,
    int Nodes,
    double ServerPriceUsd,
    double NetworkUsd,
    double CoolingUsdPerKw,
    double DesignItKw,
    double LifetimeYears = 4,
    double OpexUsdPerYear = 0,
    double? RentUsdPerAcceleratorHour = null,
    IReadOnlyList<AcceleratorCost>? Hardware = null,
    IReadOnlyList<string>? Excluded = null)
{
    /// <summary>Summary.json's name of the basis: <c>rent</c> or <c>own</c>.</summary>
    public string Basis => RentUsdPerAcceleratorHour is null ? CostSummary.Own : CostSummary.Rent;

    /// <summary>Capital cost before amortization.</summary>
    public double CapitalUsd => (Accelerators * AcceleratorPriceUsd) + (Nodes * ServerPriceUsd) + NetworkUsd + (CoolingUsdPerKw * DesignItKw);
}

namespace ClusterSim.Scenarios;

/// <summary>Electricity price over the day; a flat price is one period starting at 0.</summary>
/// <param name="Periods">Ordered by start; the first starts at 0; all start within the day.</param>
public sealed record ElectricitySpec(IReadOnlyList<PricePeriod> Periods)
{
    /// <summary>USD per kWh at a simulated time (seconds since the run started at midnight).</summary>
    public double PriceAt(double seconds)
    {
        var timeOfDay = seconds % 86400;
        var price = Periods[0].UsdPerKwh;
        foreach (var period in Periods)
        {
            if (period.StartSeconds <= timeOfDay)
            {
                price = period.UsdPerKwh;
            }
        }

        return price;
    }
}

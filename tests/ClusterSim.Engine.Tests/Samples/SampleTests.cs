using ClusterSim.Engine.Core;
using ClusterSim.Engine.Samples;
using ClusterSim.Engine.Tests.Queueing;

namespace ClusterSim.Engine.Tests.Samples;

/// <summary>
/// SimSharp's samples ported to ClusterSim's engine, checked against theory where the model has
/// one and against invariants and SimPy's documented, seed-independent output where it does not.
/// ClusterSim's random streams (xoshiro256**, one per name) cannot reproduce SimSharp's or
/// SimPy's draws, so their printed numbers are not asserted digit for digit.
/// </summary>
public sealed class SampleTests
{
    [Fact]
    public void Machine_shop_makes_parts_within_the_machine_repairman_band()
    {
        var result = MachineShop.Run(42);
        var maxParts = MachineShop.SimTime28Days / (double)SimTime.Minute / MachineShop.ProcessingMean;

        // Up time per machine: at most MTTF / (MTTF + repair) (never waiting for the repairman);
        // at least the M/M/1//N machine-repairman availability, since a deterministic repair makes
        // less queueing than the exponential one of the same mean.
        var upper = MachineShop.MeanTimeToFailure / (MachineShop.MeanTimeToFailure + MachineShop.RepairTime);
        var lower = MachineRepairmanAvailability(MachineShop.Machines, 1 / MachineShop.MeanTimeToFailure, 1 / MachineShop.RepairTime);
        var mean = result.PartsMade.Average();

        Assert.InRange(lower, 0.78, 0.79); // the closed form itself, worked by hand: 0.7854
        Assert.InRange(mean, 0.98 * lower * maxParts, upper * maxParts);
        Assert.True(result.OtherJobsDone > 0);
    }

    [Fact]
    public void Machine_shop_is_deterministic_per_seed()
    {
        Assert.Equal(MachineShop.Run(7).PartsMade, MachineShop.Run(7).PartsMade);
        Assert.NotEqual(MachineShop.Run(7).PartsMade, MachineShop.Run(8).PartsMade);
    }

    /// <summary>Finite-source M/M/1//N: p_n proportional to N!/(N-n)! rho^n; availability = mu (1 - p0) / (lambda N).</summary>
    private static double MachineRepairmanAvailability(int n, double lambda, double mu)
    {
        var rho = lambda / mu;
        double term = 1, sum = 1;
        for (var k = 1; k <= n; k++)
        {
            term *= (n - k + 1) * rho;
            sum += term;
        }

        return mu * (1 - 1 / sum) / (lambda * n);
    }

    [Fact]
    public void MM1_waiting_time_utilization_and_wip_match_the_closed_forms_within_the_runs_own_interval()
    {
        var result = MM1Queueing.Run(1);
        double lambda = MM1Queueing.Lambda, mu = MM1Queueing.Mu, rho = MM1Queueing.Rho;

        var wait = BatchMeans.From(result.WaitingMinutes);
        var lead = BatchMeans.From(result.LeadMinutes);
        var wip = BatchMeans.From(result.Wip);
        var utilization = BatchMeans.From(result.Utilization);

        Assert.True(wait.Contains(rho / (mu - lambda)), $"Wq {wait} vs {rho / (mu - lambda)}");
        Assert.True(lead.Contains(1 / (mu - lambda)), $"W {lead} vs {1 / (mu - lambda)}");
        Assert.True(wip.Contains(rho / (1 - rho)), $"L {wip} vs {rho / (1 - rho)}");
        Assert.True(utilization.Contains(rho), $"U {utilization} vs {rho}");
    }

    [Fact]
    public void Bank_customers_are_served_or_renege_after_exactly_their_patience()
    {
        var result = BankRenege.Run(41, customers: 200);

        Assert.Equal(200, result.Customers.Count);
        foreach (var c in result.Customers)
        {
            if (c.Served)
            {
                Assert.True(c.Waited <= c.Patience + 1e-9, $"customer {c.Id} waited {c.Waited} past patience {c.Patience}");
            }
            else
            {
                Assert.Equal(c.Patience, c.Waited, 6);
                Assert.InRange(c.Waited, BankRenege.MinPatience, BankRenege.MaxPatience);
            }
        }

        Assert.Equal(result.Customers.Count(c => c.Served), result.WaitingTime.Count);
        Assert.Equal(result.Customers.Count(c => !c.Served), result.BreakOffTime.Count);
        Assert.True(result.BreakOffTime.Count > 0);
        Assert.InRange(result.Utilization.Max, 1, 1); // one counter
    }

    [Fact]
    public void Gas_station_conserves_fuel_and_the_truck_comes_ten_minutes_after_the_call()
    {
        var result = GasStationRefuelling.Run(42);

        Assert.Equal(GasStationRefuelling.StationSize + result.Delivered - result.Dispensed, result.FinalLevel, 9);
        Assert.NotEmpty(result.Trucks);
        foreach (var (called, arrived, levelAtCall) in result.Trucks)
        {
            Assert.Equal(GasStationRefuelling.TruckDelay, arrived - called);
            Assert.True(levelAtCall <= GasStationRefuelling.StationSize * GasStationRefuelling.ThresholdPercent / 100);
        }

        foreach (var (litres, seconds) in result.Fills)
        {
            Assert.InRange(litres, GasStationRefuelling.TankSize - 26, GasStationRefuelling.TankSize - 5);
            Assert.True(seconds >= (long)(litres / GasStationRefuelling.LitresPerSecond) - 1);
        }
    }

    [Fact]
    public void Carwash_serves_the_four_initial_cars_as_simpys_documented_output_shows()
    {
        // SimPy's carwash output, independent of the random draws: cars 0 and 1 enter at 0 and
        // leave at 5; cars 2 and 3 enter at 5 and leave at 10.
        var visits = CarWash.Run(42).OrderBy(v => v.Car).ToList();
        var minute = SimTime.Minute;

        Assert.Equal((0L, 0L, 5 * minute), (visits[0].Arrived, visits[0].Entered, visits[0].Left));
        Assert.Equal((0L, 0L, 5 * minute), (visits[1].Arrived, visits[1].Entered, visits[1].Left));
        Assert.Equal((0L, 5 * minute, 10 * minute), (visits[2].Arrived, visits[2].Entered, visits[2].Left));
        Assert.Equal((0L, 5 * minute, 10 * minute), (visits[3].Arrived, visits[3].Entered, visits[3].Left));
        Assert.All(visits, v => Assert.Equal(CarWash.WashMinutes * minute, v.Left - v.Entered));
        Assert.All(visits, v => Assert.True(v.Left < CarWash.SimDuration)); // nothing at or after the 20-minute end
    }
}

using ClusterSim.Engine.Core;
using ClusterSim.Model.Facility;

namespace ClusterSim.Model.Tests.Facility;

public sealed class DailyScheduleTests
{
    [Fact]
    public void Time_of_use_prices_hold_from_their_start_and_repeat_daily()
    {
        // Off-peak 0.05 until 08:00, peak 0.20 until 20:00, then 0.08.
        var tariff = DailySchedule.Periods([(0, 0.05), (8 * 3600, 0.20), (20 * 3600, 0.08)]);

        Assert.Equal(0.05, tariff.ValueAt(0));
        Assert.Equal(0.05, tariff.ValueAt((8 * SimTime.Hour) - 1));
        Assert.Equal(0.20, tariff.ValueAt(8 * SimTime.Hour));
        Assert.Equal(0.08, tariff.ValueAt(23 * SimTime.Hour));
        Assert.Equal(0.20, tariff.ValueAt((24 + 9) * SimTime.Hour));
    }

    [Fact]
    public void Next_change_is_the_next_period_start_or_the_next_midnight()
    {
        var tariff = DailySchedule.Periods([(0, 0.05), (8 * 3600, 0.20), (20 * 3600, 0.08)]);

        Assert.Equal(8 * SimTime.Hour, tariff.NextChangeAfter(0));
        Assert.Equal(20 * SimTime.Hour, tariff.NextChangeAfter(8 * SimTime.Hour));
        Assert.Equal(24 * SimTime.Hour, tariff.NextChangeAfter(21 * SimTime.Hour));
        Assert.Equal(32 * SimTime.Hour, tariff.NextChangeAfter(25 * SimTime.Hour));
        Assert.Equal(long.MaxValue, DailySchedule.Flat(0.1).NextChangeAfter(5));
    }

    [Fact]
    public void Hourly_schedule_takes_twenty_four_values()
    {
        var values = Enumerable.Range(0, 24).Select(h => 100.0 + h).ToArray();
        var carbon = DailySchedule.Hourly(values);

        Assert.Equal(113, carbon.ValueAt((13 * SimTime.Hour) + SimTime.Minute));
        Assert.Throws<ArgumentException>(() => DailySchedule.Hourly([1, 2]));
    }

    [Fact]
    public void A_schedule_that_does_not_start_at_midnight_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => DailySchedule.Periods([(3600, 0.1)]));
        Assert.Contains("midnight", error.Message);
    }
}

using ClusterSim.Engine.Core;
using ClusterSim.Model.Facility;

namespace ClusterSim.Model.Tests.Facility;

public sealed class OutsideTemperatureTests
{
    private const long Day = 24 * SimTime.Hour;

    [Fact]
    public void Daily_profile_peaks_at_its_peak_time_and_bottoms_twelve_hours_later()
    {
        var t = OutsideTemperature.Daily(meanC: 30, amplitudeC: 10, peakAtSeconds: 15 * 3600);

        Assert.Equal(40, t.At(15 * SimTime.Hour), 1e-12);
        Assert.Equal(20, t.At(3 * SimTime.Hour), 1e-12);
        Assert.Equal(30, t.At(9 * SimTime.Hour), 1e-9);
    }

    [Fact]
    public void Daily_excess_over_a_threshold_below_the_minimum_is_the_mean_excess_times_the_time()
    {
        // Over whole days the cosine integrates to zero: ∫(T - 15) = (30 - 15) x 86,400 per day.
        var t = OutsideTemperature.Daily(30, 10);

        Assert.Equal(15 * 86_400 * 2.0, t.ExcessIntegral(0, 2 * Day, 15), 1e-6);
    }

    [Fact]
    public void Daily_excess_over_the_mean_is_the_positive_half_of_the_cosine()
    {
        // ∫ max(0, a cos x) over a period = 2a; in seconds divide by w = 2 pi / 86,400.
        var t = OutsideTemperature.Daily(30, 10);

        Assert.Equal(2 * 10 * 86_400 / (2 * Math.PI), t.ExcessIntegral(0, Day, 30), 1e-6);
        Assert.Equal(0, t.ExcessIntegral(0, Day, 40.0001));
    }

    [Theory]
    [InlineData(0, 24, 33)]
    [InlineData(10.3, 11.9, 33)]
    [InlineData(1, 47, 25)]
    [InlineData(14.9, 15.2, 39.99)]
    [InlineData(20, 30, 21)]
    public void Daily_excess_matches_fine_numerical_quadrature(double fromHours, double toHours, double threshold)
    {
        var t = OutsideTemperature.Daily(30, 10, peakAtSeconds: 15 * 3600);
        var from = (long)(fromHours * SimTime.Hour);
        var to = (long)(toHours * SimTime.Hour);

        // Independent truth: the midpoint rule on 200,000 slices of the closed-form temperature.
        const int slices = 200_000;
        var width = (to - from) / (double)slices / 1e9;
        var numeric = 0.0;
        for (var i = 0; i < slices; i++)
        {
            var seconds = (from / 1e9) + ((i + 0.5) * width);
            var temperature = 30 + (10 * Math.Cos(2 * Math.PI * (seconds - (15 * 3600)) / 86_400));
            numeric += Math.Max(0, temperature - threshold) * width;
        }

        Assert.Equal(numeric, t.ExcessIntegral(from, to, threshold), Math.Max(1e-6, numeric * 1e-6));
    }

    [Fact]
    public void Table_interpolates_linearly_and_holds_its_ends()
    {
        var t = OutsideTemperature.Table([0, 3600, 7200], [10, 30, 20]);

        Assert.Equal(10, t.At(0));
        Assert.Equal(20, t.At(1800 * SimTime.Second), 1e-12);
        Assert.Equal(25, t.At(5400 * SimTime.Second), 1e-12);
        Assert.Equal(20, t.At(10 * SimTime.Hour));
    }

    [Fact]
    public void Table_excess_is_the_area_of_the_triangles_and_trapezoids_above_the_threshold()
    {
        var t = OutsideTemperature.Table([0, 3600, 7200], [10, 30, 20]);

        // Above 20 °C: rising 20->30 over [1800, 3600] s: 10 x 1800 / 2 = 9,000; falling 30->20 over
        // [3600, 7200] s: 10 x 3600 / 2 = 18,000; flat 20 afterwards adds nothing. Total 27,000 °C·s.
        Assert.Equal(27_000, t.ExcessIntegral(0, 3 * SimTime.Hour, 20), 1e-6);

        // Below 12 °C: the held start (10 °C) is below, so only the ramp counts above 12:
        // ∫ over [0, 7200] of max(0, T - 12) = (30-12)^2/(2 x 20/3600) + (18 + 8)/2 x 3600 = 29,160 + 46,800.
        Assert.Equal((18.0 * 18 / (2 * 20.0 / 3600)) + (26.0 / 2 * 3600), t.ExcessIntegral(0, 2 * SimTime.Hour, 12), 1e-6);

        // Before the first point the value holds: 10 °C for an hour above 5 °C gives 18,000.
        var late = OutsideTemperature.Table([3600], [10]);
        Assert.Equal(5 * 3600.0, late.ExcessIntegral(0, SimTime.Hour, 5), 1e-9);
    }

    [Fact]
    public void Table_rejects_times_that_do_not_increase()
    {
        var error = Assert.Throws<ArgumentException>(() => OutsideTemperature.Table([0, 3600, 3600], [1, 2, 3]));
        Assert.Contains("#3", error.Message);
    }
}

namespace ClusterSim.Model.Tests.Serving.Facility;

/// <summary>
/// A facility cuts decode runs at a second only where a clock could change within one (a power cap, or a node that
/// could get hot enough to throttle); elsewhere runs last to their next event, and nothing a request sees changes.
/// </summary>
public sealed class DecodeRunCutTests
{
    // Air's thermal path (catalog): inlet = outside + 2 °C, R = 0.0714 K/W per accelerator, throttling above 85 °C.
    // An H100 at its 700 W board power settles 0.0714 x 700 = 50 K over the inlet, so a node can throttle only once
    // the outside exceeds 85 - 50 - 2 = 33 °C.
    [Theory]
    [InlineData("{kind: constant, celsius: 32}", false)]
    [InlineData("{kind: constant, celsius: 34}", true)]
    [InlineData("{kind: daily, mean_c: 28, amplitude_c: 4, peak_at: 15h}", false)] // hottest 32 °C
    [InlineData("{kind: daily, mean_c: 28, amplitude_c: 6, peak_at: 15h}", true)]  // hottest 34 °C, though the run starts at midnight's 22 °C
    public void Clocks_can_change_only_where_the_hottest_outside_air_lets_a_node_at_board_power_pass_the_throttle_point(string outside, bool expected)
    {
        var run = FacilityScenarioKit.Run(ScenarioText.DefaultWithRacks, "run.duration=5s", "facility.cooling.kind=air", $"facility.outside_temp={outside}");

        Assert.Equal(expected, run.Cluster.Facility!.ClocksCanChange);
    }

    [Fact]
    public void A_rack_cap_makes_clocks_changeable_even_on_a_cool_site()
    {
        var run = FacilityScenarioKit.Run(ScenarioText.DefaultWithRacks, "run.duration=5s", "facility.outside_temp={kind: constant, celsius: 20}",
            "facility.power_cap.rack_kw=1000");

        Assert.True(run.Cluster.Facility!.ClocksCanChange);
    }

    [Fact]
    public void On_a_site_that_cannot_throttle_decode_runs_are_not_cut_and_every_request_sees_the_same_times()
    {
        // Sparse traffic with long outputs: runs between arrivals and completions last seconds, so a 1 s cut shows.
        string[] sparse = ["workloads.chat.arrival.rate=1", "workloads.chat.output_tokens={kind: constant, value: 1500}",
            "facility.outside_temp={kind: constant, celsius: 20}"];
        var uncut = FacilityScenarioKit.Run(ScenarioText.DefaultWithRacks, sparse);

        // A cap far above any draw never binds, but it makes clocks changeable, so runs are cut at a second.
        var cut = FacilityScenarioKit.Run(ScenarioText.DefaultWithRacks, [.. sparse, "facility.power_cap.rack_kw=100000"]);

        Assert.False(uncut.Cluster.Facility!.ClocksCanChange);
        Assert.True(cut.Cluster.Facility!.ClocksCanChange);
        Assert.True(uncut.Result.Events < cut.Result.Events, $"cuts should add events: {uncut.Result.Events} vs {cut.Result.Events}");
        Assert.Equal(0, cut.Facility.Energy.HeldBack);
        Assert.Equal(cut.Requests.Count, uncut.Requests.Count);
        Assert.NotEmpty(uncut.Requests);
        for (var i = 0; i < cut.Requests.Count; i++)
        {
            Assert.Equal(cut.Requests[i].FirstTokenNs, uncut.Requests[i].FirstTokenNs);
            Assert.Equal(cut.Requests[i].CompletedNs, uncut.Requests[i].CompletedNs);
        }

        // Energy differs only by how often a run's compute and memory shares are taken (at each run's start).
        Assert.Equal(cut.Facility.Energy.ItKwh, uncut.Facility.Energy.ItKwh, cut.Facility.Energy.ItKwh * 1e-3);
    }
}

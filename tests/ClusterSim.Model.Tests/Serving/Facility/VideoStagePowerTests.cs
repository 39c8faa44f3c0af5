using System.Globalization;
using ClusterSim.Engine.Core;
using ClusterSim.Model.Facility;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Video;
using ClusterSim.Model.Workloads.Arrivals;
using ClusterSim.Model.Workloads.Sizes;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Serving.Facility;

/// <summary>
/// A video replica's VAE decode stage draws power as one busy accelerator of the replica (the others idle), slows
/// under a power cap by the clock it is granted, and is charged to its class's accelerator-seconds (issue 15). Each
/// figure is worked by hand from the catalog's power figures and the cost model's phase times.
/// </summary>
public sealed class VideoStagePowerTests(ITestOutputHelper output)
{
    /// <summary>One Wan2.1-14B replica over a whole 8x H200 node and a single clip, arriving at 4,000 s.</summary>
    private const string OneClip = """
        name: video-stage-power
        workloads:
          clips:
            kind: video
            model: wan2.1-t2v-14b
            arrival: {kind: constant, rate: 0.00025}
            resolution: [832, 480]
            frames: 33
            steps: 20
        hardware:
          nodes:
            h200-node: {count: 1, accelerator: h200-sxm, per_node: ACCELERATORS}
        deployments:
          wan:
            model: wan2.1-t2v-14b
            nodes: h200-node
            tp: ACCELERATORS
            replicas: 1
        facility:
          cooling: {kind: COOLING}
        run:
          duration: 2h
          seed: 1
        """;

    // Catalog (scenarios/catalog/accelerators.yaml, h200-sxm): idle 75 W; a compute-bound phase (a DiT step or the
    // decode stage, power phase 1) draws the 700 W board limit at full clock.
    private const double IdleW = 75;
    private const double BusyW = 700;
    private const double ArrivalS = 4000;

    [Fact]
    public void Accelerator_energy_is_idle_plus_the_steps_on_every_accelerator_plus_the_decode_on_one()
    {
        var yaml = Scenario(8, "air");
        var run = FacilityScenarioKit.Run(yaml);
        var cost = Cost(yaml);
        var shape = cost.Model.Shape(832, 480, 33);
        var dit = cost.EncodeSeconds + (20 * cost.Step(shape).Seconds);
        var decode = cost.DecodeSeconds(shape);
        var seconds = SimTime.ToSeconds(run.Result.SimulatedNs);
        var clip = Assert.Single(run.Result.Video);
        output.WriteLine($"DiT {dit:F2} s on 8, decode {decode:F2} s on 1, run {seconds:F0} s, accelerators {run.Facility.Energy.AcceleratorKwh:F6} kWh");

        Assert.Equal(1, clip.Completed);
        Assert.Equal(ArrivalS + dit + decode, SimTime.ToSeconds(clip.TimeToVideo.Max) + ArrivalS, 1e-6);
        Assert.Equal(1.0, run.Facility.Energy.MeanBusyClock, 9);

        // 8 accelerators idle over the run, plus (busy - idle) on all 8 for the DiT's seconds and on 1 for the decode's.
        // Booking the decode on all 8 would add 7 x 625 W x the decode (kJ); the slack here is float summation.
        var byHandJ = (8 * IdleW * seconds) + (8 * (BusyW - IdleW) * dit) + ((BusyW - IdleW) * decode);
        Assert.Equal(byHandJ / 3.6e6, run.Facility.Energy.AcceleratorKwh, byHandJ / 3.6e6 * 1e-9);
        Assert.Equal(((8 * dit) + decode) / 3600, run.Facility.Energy.BusyAcceleratorHours, 1e-9);
    }

    [Fact]
    public void A_binding_site_cap_stretches_the_decode_by_one_over_the_clock_that_fits_the_cap()
    {
        // Two accelerators, immersion-cooled (no fans: the node adds only its host and network power). The cap leaves
        // the decode stage alone (one busy at 700 W and one idle at full clock) 0.7 of the busy accelerator's
        // dynamic power; the DiT on both still fits at the controller's lowest clock (2 x 250.8 W at 0.5).
        var yaml = Scenario(2, "immersion");
        var node = ScenarioCompiler.Compile(ScenarioLoader.Parse(yaml, "stage-cap.yaml")).Setup.Facility!.Nodes.Single();
        var overheadW = node.Host.HostW + node.Host.NetworkW;
        const double dynamicShare = 0.7;
        var capW = overheadW + (2 * IdleW) + ((BusyW - IdleW) * dynamicShare);
        var run = FacilityScenarioKit.Run(yaml, "facility.power_cap.site_kw=" + (capW / 1e3).ToString("R", CultureInfo.InvariantCulture));

        // The clock at which the busy accelerator's dynamic power is 0.7 of full: clock x V(clock)^2 = 0.7 under the
        // documented voltage curve (linear from 1 at full clock to 0.75 at 0.8), by bisection.
        var (lo, hi) = (0.5, 1.0);
        for (var i = 0; i < 100; i++)
        {
            var mid = (lo + hi) / 2;
            var v = 1 - (0.25 * (1 - mid) / 0.2);
            (lo, hi) = mid * v * v > dynamicShare ? (lo, mid) : (mid, hi);
        }

        var clock = lo;
        var cost = Cost(yaml);
        var shape = cost.Model.Shape(832, 480, 33);
        var replica = Assert.Single(run.Cluster.Video!.Replicas);
        var clip = Assert.Single(run.Result.Video);
        var ditEnd = ArrivalS + SimTime.ToSeconds(replica.BusyNs); // one clip: its steps run back to back from its arrival
        var decodeWall = ArrivalS + SimTime.ToSeconds(clip.TimeToVideo.Max) - ditEnd;
        output.WriteLine($"cap {capW:F1} W, clock {clock:F6}: decode {cost.DecodeSeconds(shape):F3} s at full clock, {decodeWall:F3} s under the cap; " +
                         $"DiT {SimTime.ToSeconds(replica.BusyNs):F2} s, peak IT {run.Facility.Energy.PeakItKw * 1e3:F1} W");

        Assert.InRange(clock, 0.85, 0.95);
        Assert.True(run.Facility.Energy.PeakItKw * 1e3 <= capW + 1e-6);
        Assert.True(replica.BusyNs > (cost.EncodeSeconds + (20 * cost.Step(shape).Seconds)) * 1e9, "the cap slows the DiT steps too");

        // Time factor of wholly compute-bound work at that clock: 1 / clock (pieces of at most 1 s round up by 1 ns each).
        Assert.Equal(cost.DecodeSeconds(shape) / clock, decodeWall, 1e-5);
        Assert.Equal(cost.DecodeSeconds(shape) / clock, replica.StageBusySeconds, 1e-5);
    }

    [Fact]
    public void Class_accelerator_seconds_are_the_steps_on_every_accelerator_plus_the_decode_on_one()
    {
        var cost = Video.VideoTestKit.Cost(8);
        // One 30-step 720p clip of class a at 60 s and one 20-step 480p clip of class b at 2,000 s: never together.
        var run = ClusterRun.Prepare(new ServingSetup
        {
            Seed = 5,
            Classes = [], Pools = [],
            Kinds =
            [
                new VideoKindSetup(
                [
                    new VideoClassSetup("a", s => new SyntheticVideoSource(new ConstantArrivals(1 / 60.0), new ConstantSize(81), 1280, 720, 30, 16,
                        s.Random["arrivals/a"], s.Random["sizes/a"], maxCount: 1), 3600, 95),
                    new VideoClassSetup("b", s => new SyntheticVideoSource(new ConstantArrivals(1 / 2000.0), new ConstantSize(33), 832, 480, 20, 16,
                        s.Random["arrivals/b"], s.Random["sizes/b"], maxCount: 1), 3600, 95),
                ],
                [new VideoPoolSetup("wan", 1, cost)]),
            ],
        });
        var cluster = run.Cluster;
        var result = run.Run();
        var replica = Assert.Single(cluster.Video!.Replicas);

        double ByHand(VideoShape shape, int steps) => (8 * (cost.EncodeSeconds + (steps * cost.Step(shape).Seconds))) + cost.DecodeSeconds(shape);
        var a = ByHand(cost.Model.Shape(1280, 720, 81), 30);
        var b = ByHand(cost.Model.Shape(832, 480, 33), 20);
        output.WriteLine($"class a {replica.AcceleratorSecondsByClass[0]:F3} (by hand {a:F3}), b {replica.AcceleratorSecondsByClass[1]:F3} (by hand {b:F3}) accelerator-seconds");

        Assert.All(result.Video, c => Assert.Equal(1, c.Completed));
        Assert.Equal(a, replica.AcceleratorSecondsByClass[0], 1e-6);
        Assert.Equal(b, replica.AcceleratorSecondsByClass[1], 1e-6);
        Assert.Equal(a + b, replica.AcceleratorSecondsByClass.Sum(), 1e-6);
        Assert.Equal(a + b, result.Video.Sum(c => c.AcceleratorSeconds), 1e-6);
    }

    private static string Scenario(int accelerators, string cooling)
        => OneClip.Replace("ACCELERATORS", accelerators.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("COOLING", cooling, StringComparison.Ordinal);

    private static VideoCostModel Cost(string yaml)
        => Assert.Single(ScenarioCompiler.Compile(ScenarioLoader.Parse(yaml, "stage.yaml")).Setup.VideoPools).Cost;
}

using System.Globalization;
using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Serving.Facility;

/// <summary>
/// Video and avatar replicas book their accelerators busy and idle with the facility like text
/// replicas do (issue 15, first bullet: before, every power.csv row of video-farm.yaml was the idle
/// figure whatever the load). Checked by hand against the catalog's power figures.
/// </summary>
public sealed class MultimodalPowerTests(ITestOutputHelper output)
{
    /// <summary>One Wan2.1-14B replica over a whole 8x H200 node; short 480p clips keep the run small.</summary>
    private const string VideoFarm = """
        name: video-power
        workloads:
          clips:
            kind: video
            model: wan2.1-t2v-14b
            arrival: {kind: constant, rate: 0.000001}
            resolution: [832, 480]
            frames: 33
            steps: 20
        hardware:
          nodes:
            h200-node: {count: 1, accelerator: h200-sxm, per_node: 8}
        deployments:
          wan:
            model: wan2.1-t2v-14b
            nodes: h200-node
            tp: 8
            replicas: 1
        run:
          duration: 2h
          seed: 1
        """;

    // Catalog (scenarios/catalog/accelerators.yaml, h200-sxm): idle 75 W; a compute-bound phase (a
    // DiT step, power phase 1) draws the 700 W board limit at full clock.
    private const double IdleW = 75;
    private const double BusyW = 700;

    [Fact]
    public void Video_energy_and_mean_power_rise_with_load_and_match_idle_plus_busy_share_by_hand()
    {
        var clip = ClipSeconds();
        var runs = new[] { 0.0, 0.5, 0.98 }.Select(load =>
        {
            var rate = load == 0 ? 0.000001 : load / clip;
            var run = FacilityScenarioKit.Run(VideoFarm, "workloads.clips.arrival.rate=" + rate.ToString("R", CultureInfo.InvariantCulture));
            var replica = Assert.Single(run.Result.Replicas);
            var e = run.Facility.Energy;
            output.WriteLine($"load {load:P0}: busy {replica.Utilization:P1}, IT {e.MeanItKw:F3} kW, accelerators {e.AcceleratorKwh:F3} kWh, " +
                             $"busy clock {e.MeanBusyClock:F3}, hottest {e.MaxAcceleratorTempC:F1} °C, {run.Result.Video[0].Completed} clips");
            var stage = Assert.Single(run.Cluster.Video!.Replicas).StageBusySeconds;
            return (Load: load, Busy: replica.Utilization, Energy: e, Seconds: SimTime.ToSeconds(run.Result.SimulatedNs), Stage: stage);
        }).ToList();

        Assert.Equal(0, runs[0].Busy);
        Assert.InRange(runs[1].Busy, 0.40, 0.60);
        Assert.InRange(runs[2].Busy, 0.85, 1.0);
        for (var i = 1; i < runs.Count; i++)
        {
            Assert.True(runs[i].Energy.ItKwh > runs[i - 1].Energy.ItKwh, "energy rises with load");
            Assert.True(runs[i].Energy.MeanItKw > runs[i - 1].Energy.MeanItKw, "mean power rises with load");
            Assert.True(runs[i].Energy.MaxAcceleratorTempC > runs[i - 1].Energy.MaxAcceleratorTempC, "the hottest node warms with load");
        }

        foreach (var r in runs)
        {
            // Eight accelerators at idle, plus the busy share of the run (the DiT steps) at (busy - idle)
            // each, plus the decode stage's seconds at (busy - idle) on one accelerator where they do not
            // overlap a step (the step's activity stands then). At half load a clip's decode ends before
            // the next arrives, so all of it counts; near saturation some overlaps the next clip's steps.
            // The only other slack is a lowered clock (none expected: MeanBusyClock is checked) and rounding.
            Assert.Equal(1.0, r.Busy == 0 ? 1.0 : r.Energy.MeanBusyClock, 6);
            var stepsKwh = 8 * (IdleW + r.Busy * (BusyW - IdleW)) * r.Seconds / 3.6e6;
            var stageKwh = (BusyW - IdleW) * r.Stage / 3.6e6;
            if (r.Load < 0.9)
            {
                Assert.Equal(stepsKwh + stageKwh, r.Energy.AcceleratorKwh, stepsKwh * 1e-6);
            }
            else
            {
                Assert.InRange(r.Energy.AcceleratorKwh, stepsKwh * (1 - 1e-6), (stepsKwh + stageKwh) * (1 + 1e-6));
            }
        }
    }

    [Fact]
    public void A_site_cap_slows_video_steps_through_the_clock()
    {
        var clip = ClipSeconds();
        var rate = "workloads.clips.arrival.rate=" + (0.9 / clip).ToString("R", CultureInfo.InvariantCulture);
        var free = FacilityScenarioKit.Run(VideoFarm, rate);
        var peak = free.Facility.Energy.PeakItKw;
        var capped = FacilityScenarioKit.Run(VideoFarm, rate, "facility.power_cap.site_kw=" + (peak * 0.85).ToString("R", CultureInfo.InvariantCulture));
        var (f, c) = (free.Result.Video[0], capped.Result.Video[0]);
        output.WriteLine($"peak {peak:F2} kW; capped: busy clock {capped.Facility.Energy.MeanBusyClock:F3}, p50 {f.TimeToVideo.ToSummary().P50:F0} -> {c.TimeToVideo.ToSummary().P50:F0} s");
        Assert.True(capped.Facility.Energy.PeakItKw <= peak * 0.85 + 1e-9);
        Assert.True(capped.Facility.Energy.MeanBusyClock < 1);
        Assert.True(c.TimeToVideo.Min > f.TimeToVideo.Min, "a lowered clock stretches every clip");
    }

    [Fact]
    public void Avatar_frames_draw_busy_power_in_proportion_to_the_replicas_busy_time()
    {
        const string avatars = """
            name: avatar-power
            workloads:
              avatars:
                kind: avatar
                model: musetalk-1.5
                arrival: {kind: constant, rate: 0.2}
                session_length: {kind: constant, value: 10m}
                fps: 25
                slo: {frame_deadline: 40ms, percentile: 99}
            hardware:
              nodes:
                l40s-node: {count: 1, accelerator: l40s, per_node: 2}
            deployments:
              musetalk:
                model: musetalk-1.5
                nodes: l40s-node
                replicas: 2
            run:
              duration: 20m
              seed: 3
            """;
        var quiet = FacilityScenarioKit.Run(avatars, "workloads.avatars.arrival.rate=0.000001");
        var busy = FacilityScenarioKit.Run(avatars);
        var share = busy.Result.Replicas.Average(r => r.Utilization);
        output.WriteLine($"busy share {share:P1}: accelerators {quiet.Facility.Energy.AcceleratorKwh:F4} -> {busy.Facility.Energy.AcceleratorKwh:F4} kWh, " +
                         $"hottest {quiet.Facility.Energy.MaxAcceleratorTempC:F1} -> {busy.Facility.Energy.MaxAcceleratorTempC:F1} °C");
        Assert.True(share > 0.3);
        Assert.True(busy.Facility.Energy.MaxAcceleratorTempC > quiet.Facility.Energy.MaxAcceleratorTempC);

        // Idle energy plus the busy share at (board limit - idle) per accelerator, from the catalog's l40s entry.
        var l40s = Catalog.Default.FindAccelerator("l40s")!;
        var idle = l40s.IdleW ?? 0.107 * l40s.TdpW;
        var seconds = SimTime.ToSeconds(busy.Result.SimulatedNs);
        var byHandKwh = 2 * (idle + share * (l40s.TdpW - idle)) * seconds / 3.6e6;
        Assert.Equal(byHandKwh, busy.Facility.Energy.AcceleratorKwh, byHandKwh * 1e-3);
    }

    /// <summary>One clip alone on the replica, from the compiled cost model (encode, steps, decode).</summary>
    /// <summary>Seconds a clip holds the replica's DiT: its VAE decode runs on the replica's decode stage, outside the busy time.</summary>
    private static double ClipSeconds()
    {
        var compiled = ScenarioCompiler.Compile(ScenarioLoader.Parse(VideoFarm, "video-power.yaml"));
        var pool = Assert.Single(compiled.Setup.VideoPools);
        var shape = pool.Cost.Model.Shape(832, 480, 33);
        return pool.Cost.RequestSeconds(shape, 20) - pool.Cost.DecodeSeconds(shape);
    }
}

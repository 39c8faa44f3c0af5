using ClusterSim.Engine.Core;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Image;
using ClusterSim.Model.Serving.Video;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Serving.Video;

/// <summary>
/// Autoscaling of the step kinds' pools (video, image): the same threshold autoscaler as text pools, over the kind's own
/// routing. Checked against what must hold exactly (a request arriving to a pool at zero waits the cold start on top of
/// its own time alone) and against a fixed fleet on the same traffic.
/// </summary>
public sealed class StepKindAutoscalingTests(ITestOutputHelper output)
{
    /// <summary>Short 480p Wan2.1-14B clips on 4 replicas of 2 H100s, one at a time, far apart.</summary>
    private const string Clips = """
        name: video-autoscaling
        workloads:
          clips:
            kind: video
            model: wan2.1-t2v-14b
            arrival: {kind: constant, rate: 0.001}
            resolution: [832, 480]
            frames: 17
            steps: 20
        hardware:
          nodes:
            node: {count: 4, accelerator: h100-sxm, per_node: 2}
        deployments:
          wan:
            model: wan2.1-t2v-14b
            nodes: node
            tp: 2
            replicas: 4
            policies:
              batching: {name: static, max_batch: 1, timeout: 0s}
              autoscaling: {name: threshold, metric: utilization, scale_up_at: 0.8, scale_down_at: 0.3, min_replicas: 0, max_replicas: 4, cooldown: 30s, startup: 100s}
        run:
          duration: 10000s
          warmup: 0s
          seed: 3
        """;

    [Fact]
    public void A_clip_arriving_to_a_pool_at_zero_takes_exactly_the_cold_start_longer_and_is_counted_as_waiting()
    {
        // One clip every 1,000 s, each done long before the next: the pool scales to zero in between, so every clip finds
        // nothing serving, wakes one replica and waits its 100 s start-up. Its own time is then what it takes alone. On the
        // queue length (never above 2 a replica here) nothing but a clip with no serving replica scales the pool up: the
        // clip waiting through the start-up is the starting replica's load (1 a replica), not a reason to wake another,
        // though evaluations every 15 s and the 30 s cooldown fall inside the 100 s start-up.
        var scaled = Run(Clips, "deployments.wan.policies.autoscaling.metric=queue_length",
            "deployments.wan.policies.autoscaling.scale_up_at=2", "deployments.wan.policies.autoscaling.scale_down_at=0.5");
        var fixedFleet = Run(Clips, "deployments.wan.policies.autoscaling=none");
        var scaling = Assert.Single(scaled.Result.Autoscaling!);
        Assert.Null(fixedFleet.Result.Autoscaling);

        Assert.Equal(10, scaled.Clips.Count);
        Assert.Equal(fixedFleet.Clips.Count, scaled.Clips.Count);
        var alone = fixedFleet.Clips.Select(r => r.CompletedNs - r.ArrivalNs).ToList();
        Assert.Single(alone.Distinct()); // every clip alone on its replica
        foreach (var r in scaled.Clips)
        {
            Assert.Equal(alone[0] + (100 * SimTime.Second), r.CompletedNs - r.ArrivalNs);
        }

        Assert.Equal(10, scaling.ScaleUps);
        Assert.All(scaling.ColdStarts, c => Assert.True(c.FromZero));
        Assert.Equal(10, scaling.RequestsWaited);
        Assert.Equal(10, scaling.ScaleDowns); // each as soon as it serves with nothing queued: it drains its clip, then sleeps
        Assert.True(scaling.MeanRunningReplicas < 1);
        Assert.True(scaled.Result.Facility!.Energy.ItKwh < fixedFleet.Result.Facility!.Energy.ItKwh);
    }

    [Fact]
    public void On_a_busy_day_a_scaled_video_pool_serves_every_clip_with_fewer_replicas_and_less_energy()
    {
        var diurnal = new[]
        {
            "workloads.clips.arrival={kind: diurnal, mean_rate: 0.05, peak_to_trough: 10, period: 5000s, peak_at: 2500s}",
            "deployments.wan.policies.autoscaling.min_replicas=1",
        };
        var scaled = Run(Clips, diurnal);
        var fixedFleet = Run(Clips, [.. diurnal, "deployments.wan.policies.autoscaling=none"]);
        var scaling = Assert.Single(scaled.Result.Autoscaling!);
        var video = Assert.Single(scaled.Result.Video);
        output.WriteLine($"scaled: {scaling.ScaleUps} cold starts, {scaling.ScaleDowns} scale-downs, mean {scaling.MeanRunningReplicas:F2} serving, "
                         + $"IT {scaled.Result.Facility!.Energy.ItKwh:F2} kWh against {fixedFleet.Result.Facility!.Energy.ItKwh:F2}");

        Assert.Equal(Assert.Single(fixedFleet.Result.Video).Arrived, video.Arrived); // the same traffic
        Assert.Equal(video.Arrived, video.Completed); // all of it served
        Assert.Equal(video.Completed, scaled.Clips.Count);
        Assert.True(scaling.ScaleUps > 0 && scaling.ScaleDowns > 0);
        Assert.InRange(scaling.MeanRunningReplicas, 1, 3.99);
        Assert.True(scaled.Result.Facility.Energy.ItKwh < fixedFleet.Result.Facility.Energy.ItKwh);

        // The router only hands clips to serving replicas: none completes on a replica while it was asleep, so no clip is
        // faster than alone, and every clip that waited for a cold start finished after that start.
        var fast = Run(Clips, "run.duration=1500s", "deployments.wan.policies.autoscaling=none").Clips[0];
        Assert.All(scaled.Clips, r => Assert.True(r.CompletedNs - r.ArrivalNs >= fast.CompletedNs - fast.ArrivalNs));
    }

    [Fact]
    public void The_router_only_picks_serving_video_replicas()
    {
        var run = Run(Clips, "workloads.clips.arrival.rate=0.2", "run.duration=2000s",
            "deployments.wan.policies.autoscaling.min_replicas=1", "deployments.wan.policies.autoscaling.max_replicas=1");
        Assert.True(run.Clips.Count > 100);
        Assert.Single(run.Clips.Select(r => r.Replica).Distinct());
        Assert.Equal(0, Assert.Single(run.Result.Autoscaling!).ScaleUps);
    }

    [Fact]
    public void An_image_pool_scales_too()
    {
        const string images = """
            name: image-autoscaling
            workloads:
              pictures:
                kind: image
                model: sdxl-base-1.0
                arrival: {kind: diurnal, mean_rate: 2, peak_to_trough: 10, period: 1200s, peak_at: 600s}
            hardware:
              nodes:
                node: {count: 4, accelerator: h100-sxm, per_node: 1}
            deployments:
              sdxl:
                model: sdxl-base-1.0
                nodes: node
                tp: 1
                replicas: 4
                policies:
                  autoscaling: {name: threshold, metric: queue_length, scale_up_at: 2, scale_down_at: 0.5, min_replicas: 1, max_replicas: 4, cooldown: 30s, startup: 20s}
            run:
              duration: 1200s
              seed: 4
            """;
        var run = Run(images);
        var scaling = Assert.Single(run.Result.Autoscaling!);
        var image = Assert.Single(run.Result.Kinds.SelectMany(k => k.Metrics).OfType<ImageClassMetrics>());
        output.WriteLine($"{scaling.ScaleUps} cold starts, {scaling.ScaleDowns} scale-downs, mean {scaling.MeanRunningReplicas:F2} serving");
        Assert.Equal("sdxl", scaling.Pool);
        Assert.True(scaling.ScaleUps > 0 && scaling.ScaleDowns > 0);
        Assert.Equal(image.Arrived, image.Completed + image.Rejected + image.InFlight);

        // That identity holds by definition; what scaling must not change is the work done. Beside a fixed fleet on the
        // same arrivals: every image served in both (none turned away, none left when the run ends), on fewer replicas
        // and less IT energy.
        var fixedFleet = Run(images, "deployments.sdxl.policies.autoscaling=none");
        var fixedImage = Assert.Single(fixedFleet.Result.Kinds.SelectMany(k => k.Metrics).OfType<ImageClassMetrics>());
        Assert.Equal(fixedImage.Arrived, image.Arrived);
        Assert.Equal((image.Arrived, 0L, 0L), (image.Completed, image.Rejected, image.InFlight));
        Assert.Equal((fixedImage.Arrived, 0L, 0L), (fixedImage.Completed, fixedImage.Rejected, fixedImage.InFlight));
        Assert.InRange(scaling.MeanRunningReplicas, 1, 3.99);
        Assert.True(run.Result.Facility!.Energy.ItKwh < fixedFleet.Result.Facility!.Energy.ItKwh);
    }

    [Fact]
    public void Kv_occupancy_on_a_video_pool_is_refused_where_the_deployment_names_it_and_noted_where_the_scenario_does()
    {
        var own = Assert.Throws<ScenarioException>(() => Run(Clips, "deployments.wan.policies.autoscaling.metric=kv_occupancy"));
        var error = Assert.Single(own.Errors);
        Assert.Contains("autoscaling metric kv_occupancy reads a KV cache, which a video pool has none of; use utilization or queue_length", error.Message);
        Assert.Equal("autoscaling", Clips.Split('\n')[error.Line - 1].Trim().Split(':')[0]);

        // Written once for the scenario (for its text pools): the video pool runs all its replicas, and says so.
        var withoutOwn = string.Join('\n', Clips.Split('\n').Where(l => !l.TrimStart().StartsWith("autoscaling:", StringComparison.Ordinal)));
        var inherited = ScenarioCompiler.Compile(ScenarioLoader.Parse(withoutOwn, "video-autoscaling.yaml", sets:
        [
            "policies.autoscaling={name: threshold, metric: kv_occupancy, scale_up_at: 0.8, scale_down_at: 0.3, min_replicas: 0, max_replicas: 4}",
        ]));
        Assert.Null(Assert.Single(inherited.Setup.VideoPools).Autoscaling);
        Assert.Contains(inherited.Notes, n => n.Contains("the scenario's autoscaling policy is not applied to it, and all its 4 replicas serve", StringComparison.Ordinal));
    }

    [Fact]
    public void An_avatar_pool_that_names_an_autoscaler_is_refused_where_it_does()
    {
        // Sessions hold a replica for their whole length; no scaler of this kind is modelled, so asking for one is an
        // error rather than a policy silently left out.
        var set = "deployments[musetalk].policies={autoscaling: {name: threshold, scale_up_at: 0.8, scale_down_at: 0.3, max_replicas: 8}}";
        var e = Assert.Throws<ScenarioException>(() => ScenarioCompiler.Compile(ScenarioLoader.Load(RepoPaths.File("scenarios", "avatar-streaming.yaml"), sets: [set])));
        var error = Assert.Single(e.Errors);
        Assert.Equal("deployment 'musetalk': avatar pools do not scale (their sessions hold a replica for their whole length); remove the autoscaling policy", error.Message);
        Assert.StartsWith("--set", error.File, StringComparison.Ordinal);
    }

    private static ClipRun Run(string yaml, params string[] sets)
    {
        var compiled = ScenarioCompiler.Compile(ScenarioLoader.Parse(yaml, "video-autoscaling.yaml", sets: sets));
        var run = ClusterRun.Prepare(compiled);
        var clips = new List<VideoRequest>();
        foreach (var service in run.Cluster.KindServices.OfType<VideoService>())
        {
            service.Completed = (r, _) => clips.Add(r);
        }

        return new ClipRun(run.Run(), clips);
    }

    private sealed record ClipRun(ServingResult Result, IReadOnlyList<VideoRequest> Clips);
}

using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving.Avatar;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Serving.Facility;

/// <summary>
/// An avatar class is charged for the accelerators of the pool that streamed it, split among the pool's
/// classes by busy time, and its cost per stream-hour divides that by the hours of stream it was delivered.
/// </summary>
public sealed class AvatarCostTests
{
    // Two avatar classes on one pool of 2 rented L40S, beside a text pool of 8 rented H200 that they must not pay for.
    // "big" frames (512x256) are twice the pixels of "small" ones (the model's 256x256) (about twice the work each) at the same frame rate.
    private const string Yaml = """
        name: avatar-cost
        workloads:
          small:
            kind: avatar
            model: musetalk-1.5
            arrival: {kind: poisson, rate: 0.1}
            session_length: {kind: exponential, mean: 30s, max: 2m}
            fps: 25
            slo: {frame_deadline: 40ms, percentile: 99}
          big:
            kind: avatar
            model: musetalk-1.5
            arrival: {kind: poisson, rate: 0.05}
            session_length: {kind: exponential, mean: 30s, max: 2m}
            fps: 25
            resolution: [512, 256]
            slo: {frame_deadline: 40ms, percentile: 99}
          chat:
            kind: text
            model: llama-3.1-8b
            arrival: {kind: poisson, rate: 2}
            prompt_tokens: 500
            output_tokens: 100
        hardware:
          nodes:
            l40s-node: {count: 1, accelerator: l40s, per_node: 2}
            h200-node: {count: 1, accelerator: h200-sxm, per_node: 8}
        deployments:
          musetalk: {model: musetalk-1.5, nodes: l40s-node, replicas: 2}
          llama: {model: llama-3.1-8b, nodes: h200-node, tp: 8, replicas: 1}
        facility:
          costs: {mode: rent}
        run: {duration: 5m, warmup: 0s, seed: 5}
        """;

    [Fact]
    public void Each_avatar_class_pays_its_busy_share_of_its_pools_rent_per_hour_of_stream_delivered()
    {
        var scenario = ScenarioLoader.Parse(Yaml, "avatar-cost.yaml", null, null);
        var compiled = ScenarioCompiler.Compile(scenario);
        var run = ClusterRun.Prepare(compiled);
        var result = run.Run();
        var cost = result.Facility!.Cost;
        Assert.Equal("rent", cost.Basis);
        var hours = cost.DurationS / 3600;

        // By hand: the avatar pool's rent over the run (catalog: L40S 1.40 USD/h x 2), split by each class's busy time on it.
        var service = Assert.IsType<AvatarService>(Assert.Single(run.Cluster.KindServices));
        Assert.Equal(2, service.Replicas.Count);
        var busySmall = service.Replicas.Sum(r => (double)r.BusyNsByClass[0]);
        var busyBig = service.Replicas.Sum(r => (double)r.BusyNsByClass[1]);
        Assert.True(busySmall > 0 && busyBig > 0, $"both classes must stream: busy {busySmall} ns, {busyBig} ns");
        var poolUsd = 1.40 * 2 * hours;
        var small = cost.Classes.Single(c => c.Name == "small");
        var big = cost.Classes.Single(c => c.Name == "big");
        Assert.Equal(poolUsd * busySmall / (busySmall + busyBig), small.TotalUsd, 1e-9);
        Assert.Equal(poolUsd * busyBig / (busySmall + busyBig), big.TotalUsd, 1e-9);

        // Per stream-hour: frames delivered / 25 fps / 3600 s.
        var smallMetrics = result.Avatar.Single(c => c.Name == "small");
        var bigMetrics = result.Avatar.Single(c => c.Name == "big");
        var smallHours = smallMetrics.FramesDeliveredTotal / 25.0 / 3600;
        var bigHours = bigMetrics.FramesDeliveredTotal / 25.0 / 3600;
        Assert.Equal(small.TotalUsd / smallHours, small.UsdPerAvatarHour!.Value, 1e-9);
        Assert.Equal(big.TotalUsd / bigHours, big.UsdPerAvatarHour!.Value, 1e-9);
        Assert.Null(small.UsdPerMillionOutputTokens);

        // The bigger frames cost more accelerator time per frame, so more per hour of stream: twice the compute, but
        // each GPU batch also has MuseTalk's fixed 5 ms, so a frame alone is 5 + 7.03 ms against 5 + 3.52 ms (1.41x).
        Assert.True(big.UsdPerAvatarHour > 1.3 * small.UsdPerAvatarHour,
            $"512x256 ({big.UsdPerAvatarHour:F3} USD/h) should cost about 1.4 times the default frame ({small.UsdPerAvatarHour:F3} USD/h)");

        // The run's figure is the avatar pool's whole rent over every stream-hour; the text class carries the H200s alone.
        Assert.Equal(poolUsd / (smallHours + bigHours), cost.UsdPerAvatarHour!.Value, 1e-9);
        Assert.Equal(6.35 * 8 * hours, cost.Classes.Single(c => c.Name == "chat").TotalUsd, 1e-9);
    }
}

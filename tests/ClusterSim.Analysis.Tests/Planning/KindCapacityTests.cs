using System.Globalization;
using ClusterSim.Analysis.Planning;
using ClusterSim.Analysis.Sweeps;
using ClusterSim.Scenarios;
using Xunit.Abstractions;

namespace ClusterSim.Analysis.Tests.Planning;

/// <summary>
/// Capacity and plans for a class of another kind than text (here images): its own latency figures and the share of its
/// arrivals turned away as objectives, checked against queueing formulas for one image replica serving one request at
/// a time, whose service time is a constant S (SDXL at a fixed size and step count).
/// </summary>
public sealed class KindCapacityTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "clustersim-kind-capacity-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>One-accelerator nodes of an SDXL pool serving one image at a time; <paramref name="maxQueue"/> waiting at most per replica.</summary>
    private string Scenario(int maxQueue = int.MaxValue)
    {
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, $"images-{maxQueue}.yaml");
        var admission = maxQueue == int.MaxValue ? "" : $"\n      admission: {{name: queue_limit, max_queue: {maxQueue}}}";
        File.WriteAllText(path, $$"""
            name: image-queue
            workloads:
              images:
                kind: image
                model: sdxl-base-1.0
                arrival: {kind: poisson, rate: 0.1}
                resolution: [1024, 1024]
                steps: 30
                images: 1
                slo: {deadline: 60s, percentile: 99}
            hardware:
              nodes:
                gpu: {count: 1, accelerator: h100-sxm, per_node: 1}
            deployments:
              sdxl:
                model: sdxl-base-1.0
                nodes: gpu
                replicas: 1
                policies:
                  batching: {name: static, max_batch: 1, timeout: 0s}{{admission}}
            facility:
              costs: {mode: rent}
            run:
              duration: 10h
              warmup: 10m
              seed: 3
            """);
        return path;
    }

    /// <summary>The service time S: the mean latency when requests arrive evenly, far apart (no request ever waits).</summary>
    private double ServiceSeconds(string path)
    {
        var scenario = ScenarioLoader.Load(path, ["workloads[images].arrival={kind: constant, rate: 0.01}", "run.duration=1h"]);
        var result = IScenarioRunner.Simulation.Run(scenario, 1);
        var seconds = ClusterSim.Analysis.Accuracy.SimulatedFigures.Of("latency_mean", result, "images");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"S = {seconds:G6} s"));
        return seconds;
    }

    private CapacityResult Find(string path, params string[] slos)
    {
        var result = CapacitySearch.Find(new CapacityRequest
        {
            ScenarioPath = path,
            Slos = [.. slos.Select(SloConstraint.Parse)],
            Replications = 3,
            Tolerance = 0.005,
            Parallelism = 2,
        });
        output.WriteLine(CapacityReport.Text(result));
        return result;
    }

    [Fact]
    public void Capacity_of_an_image_pool_at_a_mean_latency_matches_Pollaczek_Khinchine()
    {
        // M/D/1: the mean time in system is W = S + rho S / (2 (1 - rho)), rho = lambda S. At W* = 2 S that is rho = 2/3,
        // so the highest rate with a mean latency <= 2 S is lambda* = 2 / (3 S).
        var path = Scenario();
        var s = ServiceSeconds(path);
        var exact = 2 / (3 * s);
        var result = Find(path, string.Create(CultureInfo.InvariantCulture, $"latency_mean={2 * s:R}"));

        Assert.Equal("image", result.Kind);
        Assert.Equal(CapacityOutcome.Found, result.Bracket.Outcome);
        var capacity = result.Capacity!.Value;
        var allowed = (0.02 * exact) + result.CapacityInterval.HalfWidth;
        Assert.True(Math.Abs(capacity - exact) <= allowed,
            string.Create(CultureInfo.InvariantCulture, $"capacity {capacity:G5}/s, Pollaczek-Khinchine {exact:G5}/s, allowed +/- {allowed:G3}"));
        // Its operating point is the image pool's: the rate served, and the replica busy rho of the time between arrivals.
        var point = result.Answer!.Figures;
        Assert.Equal(capacity, point["throughput_rps"].Mean, 0.03 * capacity);
        Assert.Equal(s, point["mean_step_s"].Mean * 30, 0.25 * s); // 30 denoising steps of a request, with its encode and decode
        Assert.True(double.IsNaN(point["running_sequences_per_replica"].Mean), "an image pool runs no sequences");
    }

    [Fact]
    public void Capacity_at_a_share_turned_away_matches_the_MD12_loss_formula()
    {
        // One replica with one waiting place (max_queue 1) is M/D/1/2. Its departures leave 0 behind with probability
        // a0 = e^-rho (no arrival during a service) and 1 otherwise, so the share of arrivals turned away is
        // P_B = 1 - 1 / (e^-rho + rho). The highest rate at which at most 10 % are turned away solves e^-rho + rho = 1 / 0.9.
        var path = Scenario(maxQueue: 1);
        var s = ServiceSeconds(path);
        var rho = LossLoad(0.1);
        var exact = rho / s;
        var result = Find(path, "dropped=0.1");

        Assert.Equal(CapacityOutcome.Found, result.Bracket.Outcome);
        var capacity = result.Capacity!.Value;
        var allowed = (0.02 * exact) + result.CapacityInterval.HalfWidth;
        Assert.True(Math.Abs(capacity - exact) <= allowed,
            string.Create(CultureInfo.InvariantCulture, $"capacity {capacity:G5}/s, M/D/1/2 loss {exact:G5}/s (rho {rho:G4}), allowed +/- {allowed:G3}"));
        // The latency of the images served is S or S plus a wait of less than S: never the figure that binds.
        Assert.DoesNotContain(result.Probes, p => p.Violations.Any(v => !v.StartsWith(SloConstraint.DroppedShare, StringComparison.Ordinal)));
    }

    [Fact]
    public void A_rate_served_by_turning_requests_away_does_not_count_unless_a_share_is_allowed()
    {
        // A latency objective alone: the images served are fast at any rate (each waits at most one service), so only the
        // default objective on the share turned away, nothing, keeps the capacity below the rate that overloads the replica.
        var path = Scenario(maxQueue: 1);
        var s = ServiceSeconds(path);
        var result = Find(path, string.Create(CultureInfo.InvariantCulture, $"latency_p99={3 * s:R}"));

        Assert.Contains(result.Request.Slos, x => x.Metric == SloConstraint.DroppedShare && x.Target == 0);
        foreach (var p in result.Probes)
        {
            Assert.Equal(p.Figures[SloConstraint.DroppedShare].Mean == 0 && p.Figures["latency_p99_s"].Mean <= 3 * s, p.Meets);
        }

        Assert.True(result.Capacity < 0.25 / s, "a replica turning away any of its arrivals over ten hours is far below its saturation");
        var allowed = Find(path, string.Create(CultureInfo.InvariantCulture, $"latency_p99={3 * s:R}"), "dropped=0.5");
        Assert.True(allowed.Capacity > 1 / s, "with half the arrivals allowed away the replica's rate passes its service rate");
        // And where the loss formula puts it: at most half turned away is e^-rho + rho = 2.
        var half = LossLoad(0.5) / s;
        Assert.True(Math.Abs(allowed.Capacity!.Value - half) <= (0.02 * half) + allowed.CapacityInterval.HalfWidth,
            string.Create(CultureInfo.InvariantCulture, $"capacity {allowed.Capacity:G5}/s at half turned away, M/D/1/2 loss {half:G5}/s"));
    }

    /// <summary>The load rho of one fixed-time server with one waiting place (M/D/1/2) that turns <paramref name="share"/> of its arrivals away: 1 - 1 / (e^-rho + rho) = share, by bisection.</summary>
    private static double LossLoad(double share)
    {
        double lo = 0, hi = 10;
        for (var i = 0; i < 80; i++)
        {
            var mid = (lo + hi) / 2;
            (1 - (1 / (Math.Exp(-mid) + mid)) < share ? ref lo : ref hi) = mid;
        }

        return lo;
    }

    [Fact]
    public void Plan_for_an_image_pool_takes_the_nodes_its_stability_needs()
    {
        // Poisson arrivals at 3.5 / S on one-accelerator nodes: with n replicas the load is 3.5 / n; three are overloaded
        // (the queue grows by 0.5 / S a second, hours of wait by the end), four hold it at 0.875 with waits of seconds.
        var path = Scenario();
        var s = ServiceSeconds(path);
        var plan = CapacityPlanner.Plan(new PlanRequest
        {
            ScenarioPath = path,
            TargetRate = 3.5 / s,
            Slos = [SloConstraint.Parse("latency_p99=10m")],
            Nodes = [.. Enumerable.Range(1, 8)],
            Parallelism = 2,
        });
        output.WriteLine(PlanReport.Text(plan));

        Assert.Equal("image", plan.Kind);
        Assert.Equal(4, plan.Best!.Value.Evaluation.Nodes);
        var three = CapacityPlanner.Evaluate(plan, "h100-sxm", 3);
        Assert.False(three.Feasible);
        Assert.True(three.Values["latency_p99_s"] > 3600, "three replicas at 3.5 / S fall hours behind");
        Assert.Equal(plan.Best!.Value.Evaluation.Values["throughput_rps"], 3.5 / s, 0.05 * 3.5 / s);

        // Drawn: the latency objective and the cost against the node count, the answer marked (the default objective on
        // what is turned away is judged, not drawn).
        var charts = PlanReport.Charts(plan);
        Assert.Equal(["latency-p99-vs-nodes", "cost-vs-nodes"], charts.Select(c => c.Name));
        Assert.Contains("h100-sxm: 4 node(s), cheapest", charts[0].Series);
        Assert.Contains("h100-sxm: 4 node(s), cheapest", charts[1].Series);
    }

    [Fact]
    public void Step_error_on_an_image_pool_moves_its_capacity_where_Pollaczek_Khinchine_puts_the_longer_and_shorter_service()
    {
        // --step-error 0.2 makes every step, encoding and decoding 1.2 and 0.8 times as long: S' = s S. The target stays
        // W* = 2 S, so at each scale lambda* = 2 (W* - S') / (S' (2 W* - S')), from the M/D/1 mean as above.
        var path = Scenario();
        var s = ServiceSeconds(path);
        var target = 2 * s;
        var result = CapacitySearch.Find(new CapacityRequest
        {
            ScenarioPath = path,
            Slos = [SloConstraint.Parse(string.Create(CultureInfo.InvariantCulture, $"latency_mean={target:R}"))],
            Replications = 3,
            Tolerance = 0.005,
            Parallelism = 2,
            StepError = 0.2,
        });
        output.WriteLine(CapacityReport.Text(result));

        Assert.Equal([1.2, 0.8], result.Sensitivity.Select(x => x.StepScale));
        foreach (var (scale, scaled) in result.Sensitivity.Select(x => (x.StepScale, x.Result)))
        {
            var service = scale * s;
            var exact = 2 * (target - service) / (service * ((2 * target) - service));
            var capacity = scaled.Capacity!.Value;
            var allowed = (0.02 * exact) + scaled.CapacityInterval.HalfWidth;
            Assert.True(Math.Abs(capacity - exact) <= allowed,
                string.Create(CultureInfo.InvariantCulture, $"steps x {scale}: capacity {capacity:G5}/s, Pollaczek-Khinchine {exact:G5}/s, allowed +/- {allowed:G3}"));
        }

        Assert.Contains("--step-error 0.2: every image step, encoding and decoding that much longer or shorter", CapacityReport.Text(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Record_error_on_a_video_farm_takes_its_steps_from_the_video_checks_times()
    {
        // The H200 video farm has no checks of its own: the nearest group is the video kernels on any part (the Wan2.1 rows on
        // A100 and H100), whose times to video read e = simulated / measured - 1. A time read e short is what steps
        // 1 / (1 + e) as long give, so the scales are 1 / (1 + the lowest e) and 1 / (1 + the highest), from the record.
        var record = File.ReadAllLines(Path.Combine(Charts.SmallRun.RepoRoot, "scenarios", "catalog", "validation-record.csv")).Skip(1)
            .Select(l => l.Split(','))
            .Where(f => f[^9] == "check" && f[^7] == "video kernels" && f[^4] == "latency") // from the end: a row's name may hold commas
            .Select(f => double.Parse(f[^1], CultureInfo.InvariantCulture))
            .ToList();
        Assert.True(record.Count >= 8);
        var farm = Path.Combine(Charts.SmallRun.RepoRoot, "scenarios", "video-farm.yaml");
        var scenario = ScenarioLoader.Load(farm);
        var deployment = scenario.Deployments.Single();
        var (scales, basis) = CapacitySearch.RecordScales([(deployment.Name, CapacitySearch.KindValidation(scenario, deployment, null))], latencies: true);

        Assert.Equal(1 / (1 + record.Min()), scales[0], 12);
        Assert.Equal(1 / (1 + record.Max()), scales[1], 12);
        Assert.Contains("latency errors from", basis, StringComparison.Ordinal);
        Assert.Contains("steps 1 / (1 + e) as long", basis, StringComparison.Ordinal);

        // And the search runs at them: longer steps, fewer clips an hour.
        var result = CapacitySearch.Find(new CapacityRequest { ScenarioPath = farm, Slos = [SloConstraint.Parse("time_to_video_p95=15m")], RecordError = true, Parallelism = 2 });
        output.WriteLine(CapacityReport.Text(result));
        Assert.Equal(scales, result.Sensitivity.Select(x => x.StepScale));
        Assert.True(result.Sensitivity[0].Result.Capacity < result.Capacity, "steps 15 % longer serve fewer clips");
    }

    [Fact]
    public void Step_error_is_refused_on_an_avatar_class_whose_times_it_does_not_reach()
    {
        var ex = Assert.Throws<SweepInputException>(() => CapacitySearch.Find(new CapacityRequest
        {
            ScenarioPath = Path.Combine(Charts.SmallRun.RepoRoot, "scenarios", "avatar-streaming.yaml"),
            Slos = [SloConstraint.Parse("frame_latency_p99=40ms")],
            StepError = 0.1,
        }));
        Assert.Contains("is an avatar workload, whose times it does not reach", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ttft_p99=1s", "is an image workload, which has no figure 'ttft_p99'")]
    [InlineData("latncy_p99=1s", "did you mean 'latency_p99'?")]
    public void An_objective_the_class_has_no_figure_for_is_refused_by_name(string slo, string expected)
    {
        var ex = Assert.Throws<SweepInputException>(() => CapacitySearch.Find(new CapacityRequest
        {
            ScenarioPath = Scenario(),
            Slos = [SloConstraint.Parse(slo)],
        }));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Token_costs_are_refused_on_an_image_class()
    {
        var path = Scenario();
        var tokens = Assert.Throws<SweepInputException>(() => CapacityPlanner.Check(new PlanRequest
        {
            ScenarioPath = path,
            TargetRate = 1,
            Slos = [SloConstraint.Parse("latency_p99=10s")],
            Objective = PlanObjective.CostPerMillionTokens,
        }));
        Assert.Contains("makes no output tokens", tokens.Message, StringComparison.Ordinal);
    }
}

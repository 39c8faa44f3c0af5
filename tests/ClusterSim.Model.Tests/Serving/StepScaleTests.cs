using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Serving;

/// <summary>
/// The step-scale what-if (<c>execution_model.step_scale</c>): a run whose every step is s times as long, fed at 1/s of
/// the rate, is the same run with time stretched by s (time dilation: Poisson gaps scale by s at 1/s of the rate, and
/// nothing else in a single-pool run without a network or a request path keeps its own clock). That exact law, not a tolerance
/// chosen to pass, is what these tests hold the timer to.
/// </summary>
public sealed class StepScaleTests
{
    // A request count within a long horizon, and no warm-up: a warm-up or an arrival cut-off would have to be stretched as well;
    // so would the HTTP server's request path, a fixed time the steps do not contain: the engine is taken in-process.
    private static readonly string[] Base = ["run.requests=600", "run.duration=600s", "run.warmup=0s", "workloads.chat.arrival.rate=24", "deployments.llama-8b.request_path=in_process"];

    private static ServingResult Run(params string[] sets)
        => ClusterRun.Execute(ScenarioCompiler.Compile(ScenarioLoader.LoadDefault([.. Base, .. sets])));

    [Theory]
    [InlineData(2.0)]
    [InlineData(0.5)]
    public void A_scaled_step_at_the_scaled_rate_stretches_every_latency_by_the_scale(double scale)
    {
        var plain = Run();
        var scaled = Run(
            FormattableString.Invariant($"execution_model.step_scale={scale}"),
            FormattableString.Invariant($"workloads.chat.arrival.rate={24 / scale}"));

        Assert.Equal(plain.Overall.Completed, scaled.Overall.Completed);
        Assert.Equal(600, plain.Overall.Completed);
        // Whole nanoseconds: each gap and scaled step rounds up once (at most 1 ns), so the stretch holds to within the
        // steps a request waits through, a few microseconds here; a wrong scaling would miss by milliseconds.
        AssertStretched(plain.Overall.Ttft.Mean, scaled.Overall.Ttft.Mean, scale);
        AssertStretched(plain.Overall.E2e.Mean, scaled.Overall.E2e.Mean, scale);
        AssertStretched(plain.Overall.Tpot.Mean, scaled.Overall.Tpot.Mean, scale);
        AssertStretched(plain.Overall.E2e.Max, scaled.Overall.E2e.Max, scale);
        AssertStretched(plain.Overall.LastCompletedNs, scaled.Overall.LastCompletedNs, scale);
        // Utilization is a ratio of times: it does not move.
        Assert.Equal(Busy(plain), Busy(scaled) / scale, 1e-6 * Busy(plain));
    }

    [Fact]
    public void A_longer_step_at_the_same_rate_is_a_worse_run_and_says_why()
    {
        var plain = Run();
        var slower = Run("execution_model.step_scale=1.3");
        Assert.True(slower.Overall.Tpot.Mean > 1.3 * plain.Overall.Tpot.Mean * 0.999, "a decode step 30 % longer is at least 30 % more time per token");
        Assert.True(slower.Overall.Ttft.Mean > plain.Overall.Ttft.Mean);
        Assert.Contains(slower.Notes, n => n.Contains("multiplied by 1.3") && n.Contains("what-if"));
        Assert.DoesNotContain(plain.Notes, n => n.Contains("step_scale"));
    }

    [Fact]
    public void Scale_one_changes_nothing()
    {
        var plain = Run();
        var one = Run("execution_model.step_scale=1");
        Assert.Equal(plain.Events, one.Events);
        Assert.Equal(plain.SimulatedNs, one.SimulatedNs);
        Assert.Equal(plain.Overall.E2e.Mean, one.Overall.E2e.Mean);
    }

    [Theory]
    [InlineData("video-farm.yaml", "text-to-video", "video")]
    [InlineData("lessons/08-queueing.yaml", "images", "image")]
    public void A_video_or_image_pool_stretches_by_the_scale_too(string file, string cls, string kind)
    {
        // The same dilation for a step kind: every step, encoding and decoding s times as long, fed at 1/s of the rate for
        // s times as long, is the same run stretched by s (before, the scale was noted as not reaching these pools).
        const double scale = 1.5;
        var path = Path.Combine(RepoPaths.Root, "scenarios", file);
        var rate = ScenarioLoader.Load(path).Workloads.Single(w => w.Name == cls).Arrival.MeanRate!.Value;
        ServingResult At(double s) => ClusterRun.Execute(ScenarioCompiler.Compile(ScenarioLoader.Load(path,
        [
            "run.warmup=0s", FormattableString.Invariant($"run.duration={7200 * s}s"), FormattableString.Invariant($"execution_model.step_scale={s}"),
            FormattableString.Invariant($"workloads[{cls}].arrival.rate={rate / s:R}"),
        ])));
        var plain = At(1);
        var scaled = At(scale);
        var (p, q) = (Class(plain, kind, cls), Class(scaled, kind, cls));
        Assert.Equal(p.Completed, q.Completed);
        Assert.True(p.Completed > 10);
        AssertStretched(p.TimeInSystem!.Mean * 1e9, q.TimeInSystem!.Mean * 1e9, scale);
        Assert.Contains(scaled.Notes, n => n.Contains($"of this {kind} pool is multiplied by 1.5", StringComparison.Ordinal));
        Assert.DoesNotContain(scaled.Notes, n => n.Contains("stand unscaled", StringComparison.Ordinal));

        static Model.Serving.Kinds.KindClassResult Class(ServingResult r, string kind, string cls) => r.Kinds.Single(k => k.Kind == kind).Classes.Single(c => c.Name == cls);
    }

    private static double Busy(ServingResult r) => r.TextReplicas.Sum(x => x.Utilization * r.SimulatedNs / 1e9);

    private static void AssertStretched(double plain, double scaled, double scale)
        => Assert.True(Math.Abs(scaled - (scale * plain)) <= (1e-6 * scale * plain) + 5_000,
            FormattableString.Invariant($"expected {scale} x {plain} = {scale * plain}, got {scaled}"));
}

using ClusterSim.Analysis.Planning;
using ClusterSim.Analysis.Sweeps;
using ClusterSim.Model.Metrics;
using Xunit.Abstractions;

namespace ClusterSim.Analysis.Tests.Planning;

public sealed class CapacitySearchTests(ITestOutputHelper output)
{
    /// <summary>1 + the relative error of a percentile the latency histogram reports.</summary>
    private static readonly double Histogram = 1 + new LatencyHistogram().RelativeError;

    /// <summary>
    /// The default scenario reduced to one replica serving one request at a time, each taking its
    /// prompt length x 10 us (<see cref="TokenTimePredictor"/>) and giving one output token: TTFT is
    /// the time in system of a single-server FCFS queue.
    /// </summary>
    private static string[] SingleServer(string promptTokens, string duration) =>
    [
        "execution_model={name: ClusterSim.Analysis.Tests.Planning.TokenTimePredictor, us_per_token: 10}",
        "deployments.llama-8b.replicas=1",
        "deployments.llama-8b.max_batch=1",
        $"workloads.chat.prompt_tokens={promptTokens}",
        "workloads.chat.output_tokens=1",
        $"run.duration={duration}",
        "run.warmup=20s",
    ];

    private CapacityResult FindSingleServer(string promptTokens, string duration, string slo, int replications)
    {
        var result = CapacitySearch.Find(new CapacityRequest
        {
            Sets = SingleServer(promptTokens, duration),
            Slos = [SloConstraint.Parse(slo)],
            Replications = replications,
            Parallelism = 2,
        });
        output.WriteLine(CapacityReport.Text(result));
        return result;
    }

    [Fact]
    public void Capacity_at_a_p99_ttft_slo_of_an_MM1_queue_matches_the_closed_form()
    {
        // Exponential prompts (mean 1,000 tokens, so service ~ Exp(mean 10 ms), mu = 100/s), batch 1:
        // M/M/1, whose time in system is Exp(mu - lambda). Its p99 is ln(100) / (mu - lambda), so the
        // highest rate with p99 TTFT <= 100 ms is lambda* = mu - ln(100) / 0.1 = 53.95/s.
        const double mu = 100, target = 0.100;
        var exact = mu - (Math.Log(100) / target);
        var result = FindSingleServer("{kind: exponential, mean: 1000}", "600s", "ttft_p99=100ms", replications: 4);

        Assert.Equal(CapacityOutcome.Found, result.Bracket.Outcome);
        var capacity = result.Capacity!.Value;
        var ci = result.CapacityInterval;
        Assert.True(ci.HasHalfWidth);

        // The search stops within the tolerance of the crossing of the mean p99; that crossing is
        // itself an estimate, whose error the per-seed interval measures.
        Assert.True(result.Bracket.Failing!.Value <= capacity * 1.02);
        var allowed = (0.02 * exact) + ci.HalfWidth;
        Assert.True(Math.Abs(capacity - exact) <= allowed, $"capacity {capacity:G5}, closed form {exact:G5}, allowed {allowed:G3}");
        Assert.True(Math.Abs(ci.Mean - exact) <= allowed, $"per-seed mean {ci.Mean:G5}, closed form {exact:G5}");

        // The operating point against the same queue at the rate found: busy share and mean batch
        // rho = lambda / mu; steps of one whole prompt, 10 ms on average; L = rho / (1 - rho) in
        // system; throughput = lambda.
        var at = result.Answer!;
        var rho = capacity / mu;
        Assert.Equal(rho, at.Figures["accelerator_utilization"].Mean, 0.03);
        Assert.Equal(rho, at.Figures["running_sequences_per_replica"].Mean, 0.03);
        Assert.True(at.RunningFromSeries);
        Assert.Equal(0.010, at.Figures["mean_step_s"].Mean, 0.0003);
        Assert.Equal(rho / (1 - rho), at.Figures["requests_in_system_per_replica"].Mean, 0.1);
        Assert.Equal(capacity, at.Figures["throughput_rps"].Mean, capacity * 0.03);
    }

    [Fact]
    public void The_step_error_band_is_the_capacity_of_the_queue_with_longer_and_shorter_service()
    {
        // The M/M/1 queue above with every step 20 % longer and shorter (--step-error 0.2): service means of 12 and 8 ms,
        // mu = 83.3 and 125/s, so the closed form gives lambda* = mu - ln(100) / 0.1 = 37.28 and 78.95/s. The scale
        // reaches a researcher's own predictor too: the timer applies it, not the model.
        const double target = 0.100;
        var result = CapacitySearch.Find(new CapacityRequest
        {
            Sets = SingleServer("{kind: exponential, mean: 1000}", "600s"),
            Slos = [SloConstraint.Parse("ttft_p99=100ms")],
            Replications = 4,
            Parallelism = 2,
            StepError = 0.2,
        });
        output.WriteLine(CapacityReport.Text(result));

        Assert.Equal([1.2, 0.8], result.Sensitivity.Select(x => x.StepScale));
        foreach (var (scale, scaled) in result.Sensitivity.Select(x => (x.StepScale, x.Result)))
        {
            var mu = 100 / scale;
            var exact = mu - (Math.Log(100) / target);
            Assert.Equal(CapacityOutcome.Found, scaled.Bracket.Outcome);
            var allowed = (0.02 * exact) + scaled.CapacityInterval.HalfWidth;
            Assert.True(Math.Abs(scaled.Capacity!.Value - exact) <= allowed, $"x {scale}: capacity {scaled.Capacity:G5}, closed form {exact:G5}, allowed {allowed:G3}");
            Assert.Equal(0.010 * scale, scaled.Answer!.Figures["mean_step_s"].Mean, 0.0003 * scale);
            Assert.Contains(scaled.Request.Sets, x => x.Contains("step_scale="));
        }

        // Longer steps, less capacity; shorter, more; the unscaled answer between them.
        Assert.True(result.Sensitivity[0].Result.Capacity < result.Capacity && result.Capacity < result.Sensitivity[1].Result.Capacity);
        var json = CapacityReport.Json(result, includeWallClock: false);
        Assert.Contains("\"step_error\"", json);
        Assert.Contains("\"step_scale\": 1.2", json);
        Assert.Contains("steps x 1.2", CapacityReport.Text(result));
    }

    [Fact]
    public void A_step_error_outside_zero_to_one_is_refused()
    {
        var e = Assert.Throws<SweepInputException>(() => CapacitySearch.Find(new CapacityRequest
        {
            Slos = [SloConstraint.Parse("ttft_p99=1s")],
            StepError = 1.5,
        }));
        Assert.Contains("--step-error 1.5", string.Join("; ", e.Errors));
    }

    [Fact]
    public void Capacity_at_a_mean_ttft_slo_of_an_MD1_queue_matches_Pollaczek_Khinchine()
    {
        // Fixed 1,000-token prompts: D = 10 ms. Mean time in system D + rho D / (2 (1 - rho)) equals
        // 20 ms when rho / (2 (1 - rho)) = 1, i.e. rho = 2/3: lambda* = 66.67/s.
        const double d = 0.010;
        var exact = 2.0 / 3 / d;
        var result = FindSingleServer("1000", "300s", "ttft_mean=20ms", replications: 3);

        var capacity = result.Capacity!.Value;
        var allowed = (0.02 * exact) + result.CapacityInterval.HalfWidth;
        Assert.True(Math.Abs(capacity - exact) <= allowed, $"capacity {capacity:G5}, closed form {exact:G5}, allowed {allowed:G3}");
        Assert.Equal(d, result.Answer!.Figures["mean_step_s"].Mean, 1e-9);
    }

    [Fact]
    public void Search_brackets_from_the_scenarios_own_rate_then_bisects_to_the_tolerance()
    {
        // p99 TTFT = rate / 100 s: the capacity at ttft_p99 <= 1 s is 100/s, to within the
        // histogram's stated relative error (0.39 %) on the p99 it reports.
        var runner = new RateRunner(rate => rate / 100);
        var result = CapacitySearch.Find(Request(), runner);

        Assert.Equal(CapacityOutcome.Found, result.Bracket.Outcome);
        Assert.Equal(20, result.Start); // the default scenario's rate
        Assert.Equal([20.0, 40, 80, 160], result.Probes.Take(4).Select(p => p.Rate));
        Assert.InRange(result.Capacity!.Value, 100 / 1.02 / Histogram, 100 * Histogram);
        Assert.InRange(result.Bracket.Failing!.Value, 100 / Histogram, result.Capacity.Value * 1.02);

        // Every rate ran once per seed; the per-seed searches agreed with the means and added no run.
        Assert.Equal(result.Probes.Count * 2, result.SimulationRuns);
        Assert.Equal(result.SimulationRuns, runner.Runs);
        Assert.All(result.PerReplication, p => Assert.Equal(result.Bracket, p.Bracket));
        Assert.Equal(result.Capacity.Value, result.CapacityInterval.Mean);
        Assert.Equal(0, result.CapacityInterval.HalfWidth);
    }

    [Fact]
    public void A_cancelled_search_stops_at_the_next_run_and_answers_nothing()
    {
        // Cancelled before it starts: no run at all.
        using var before = new CancellationTokenSource();
        before.Cancel();
        var idle = new RateRunner(rate => rate / 100);
        Assert.ThrowsAny<OperationCanceledException>(() => CapacitySearch.Find(Request() with { Cancellation = before.Token }, idle));
        Assert.Equal(0, idle.Runs);

        // Cancelled during the third run (Ctrl-C mid-search): the runs under way finish, no other starts.
        using var during = new CancellationTokenSource();
        var runner = new RateRunner((rate, _) =>
        {
            if (rate >= 80)
            {
                during.Cancel();
            }

            return rate / 100;
        });
        Assert.ThrowsAny<OperationCanceledException>(() => CapacitySearch.Find(Request() with { Cancellation = during.Token, Parallelism = 1 }, runner));
        Assert.Equal(5, runner.Runs); // rates 20 and 40 for both seeds, then rate 80 for the first
    }

    [Fact]
    public void Search_halves_down_when_the_start_fails()
    {
        var result = CapacitySearch.Find(Request() with { Sets = ["workloads.chat.arrival.rate=1000"] }, new RateRunner(rate => rate / 100));
        Assert.Equal([1000.0, 500, 250, 125, 62.5], result.Probes.Take(5).Select(p => p.Rate));
        Assert.InRange(result.Capacity!.Value, 100 / 1.02 / Histogram, 100 * Histogram);
    }

    [Fact]
    public void An_slo_no_rate_meets_reports_none_down_to_the_floor()
    {
        var result = CapacitySearch.Find(Request(), new RateRunner(_ => 2));

        Assert.Equal(CapacityOutcome.None, result.Bracket.Outcome);
        Assert.Null(result.Capacity);
        Assert.Null(result.Answer);
        Assert.Equal(1 + CapacityRequest.MaxDoublings, result.Probes.Count);
        Assert.Equal(20 / Math.Pow(2, 20), result.Probes[^1].Rate);
        var text = CapacityReport.Text(result);
        Assert.Contains("capacity: none: no rate from 20 down to 1.90735E-05 requests/s (the start / 2^20) meets every SLO; at 1.90735E-05: ttft_p99_s = 2 (target <= 1)", text);
        Assert.Contains("\"outcome\": \"none\"", CapacityReport.Json(result));
        Assert.Contains("\"capacity_rps\": null", CapacityReport.Json(result));
    }

    [Fact]
    public void A_failing_lo_is_the_floor_and_ends_the_search_at_once()
    {
        var result = CapacitySearch.Find(Request() with { Low = 150 }, new RateRunner(rate => rate / 100));
        Assert.Equal(CapacityOutcome.None, result.Bracket.Outcome);
        Assert.Equal(150, Assert.Single(result.Probes).Rate);
        Assert.Contains("not even the lowest rate searched (--lo 150 requests/s) meets every SLO", CapacityReport.Text(result));
    }

    [Fact]
    public void Hi_caps_the_search_and_the_capacity_is_reported_as_at_least_hi()
    {
        var result = CapacitySearch.Find(Request() with { High = 50 }, new RateRunner(rate => rate / 100));

        Assert.Equal(CapacityOutcome.AtLeast, result.Bracket.Outcome);
        Assert.Equal(50, result.Capacity);
        Assert.Equal([20.0, 40, 50], result.Probes.Select(p => p.Rate));
        Assert.Contains("capacity: at least 50 requests/s: the highest rate searched (--hi) still meets every SLO", CapacityReport.Text(result));
        Assert.Contains("\"outcome\": \"at_least\"", CapacityReport.Json(result));
        Assert.False(result.CapacityInterval.HasHalfWidth); // a capped capacity has no interval
    }

    [Fact]
    public void Seeds_that_disagree_give_the_capacity_an_interval_from_their_own_searches()
    {
        // Seed s sees p99 TTFT = rate / (100 + 10 (s - 1)): its own capacity is 100, 110 or 120.
        var runner = new RateRunner((rate, seed) => rate / (100 + (10 * (double)(seed - 1))));
        var result = CapacitySearch.Find(Request() with { Replications = 3 }, runner);

        var own = result.PerReplication.Select(p => p.Bracket.Passing!.Value).ToArray();
        Assert.InRange(own[0], 100 / 1.02 / Histogram, 100 * Histogram);
        Assert.InRange(own[1], 110 / 1.02 / Histogram, 110 * Histogram);
        Assert.InRange(own[2], 120 / 1.02 / Histogram, 120 * Histogram);
        Assert.Equal(own.Average(), result.CapacityInterval.Mean, 9);
        Assert.True(result.CapacityInterval.Contains(110));

        // The means cross 1 s where rate x mean(1/100, 1/110, 1/120) = 1: about 109.6/s.
        var crossing = 1 / new[] { 100.0, 110, 120 }.Average(x => 1 / x);
        Assert.InRange(result.Capacity!.Value, crossing / 1.02 / Histogram, crossing * Histogram);
        Assert.Equal(runner.Runs, result.SimulationRuns);
    }

    [Fact]
    public void Equal_searches_give_equal_json_whatever_the_parallelism_unless_wall_clock_is_asked_for()
    {
        var request = new CapacityRequest
        {
            Sets = SingleServer("1000", "30s"),
            Slos = [SloConstraint.Parse("ttft_p99=30ms")],
            Replications = 3,
            Tolerance = 0.05,
        };
        var serial = CapacitySearch.Find(request with { Parallelism = 1 });
        var parallel = CapacitySearch.Find(request with { Parallelism = 3 });
        Assert.Equal(CapacityReport.Json(serial, includeWallClock: false), CapacityReport.Json(parallel, includeWallClock: false));
        Assert.DoesNotContain("wall", CapacityReport.Json(serial, includeWallClock: false));
        Assert.Contains("\"run_wall_seconds\"", CapacityReport.Json(serial));
    }

    [Theory]
    [InlineData("tolerance", "--tolerance 0: expected a relative width strictly between 0 and 1, e.g. 0.02")]
    [InlineData("confidence", "--confidence 1: expected a level strictly between 0 and 1, e.g. 0.95")]
    [InlineData("hi", "--hi 5 is not above --lo 10")]
    [InlineData("lo", "--lo -1: expected a positive number of requests per second")]
    [InlineData("replications", "--replications 0: expected at least 1")]
    public void Bad_search_settings_are_refused_before_any_run(string what, string message)
    {
        var runner = new RateRunner(rate => rate / 100);
        var request = what switch
        {
            "tolerance" => Request() with { Tolerance = 0 },
            "confidence" => Request() with { Confidence = 1 },
            "hi" => Request() with { Low = 10, High = 5 },
            "lo" => Request() with { Low = -1 },
            _ => Request() with { Replications = 0 },
        };
        var ex = Assert.Throws<SweepInputException>(() => CapacitySearch.Find(request, runner));
        Assert.Equal(message, Assert.Single(ex.Errors));
        Assert.Equal(0, runner.Runs);
    }

    [Fact]
    public void A_class_that_is_not_there_gets_a_did_you_mean()
    {
        var ex = Assert.Throws<SweepInputException>(() => CapacitySearch.Find(Request() with { Class = "chta" }, new RateRunner(r => r)));
        Assert.Equal("--class chta: no workload 'chta' in the scenario; it has chat; did you mean 'chat'?", Assert.Single(ex.Errors));
    }

    private static CapacityRequest Request() => new()
    {
        Slos = [SloConstraint.Parse("ttft_p99=1s")],
        Replications = 2,
    };
}

using System.Diagnostics;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Requests;
using ClusterSim.Scenarios;
using static ClusterSim.Analysis.Tests.Lessons.LessonRun;

namespace ClusterSim.Analysis.Tests.Lessons;

/// <summary>
/// What each lesson in scenarios/lessons tells a student to look for, checked against theory (the roofline,
/// the clock-power law, the cost of moving versus recomputing a KV cache) or against the simulator's own
/// invariants, so a lesson cannot quietly stop being true as the model evolves.
/// </summary>
public sealed class LessonObservationTests
{
    public static TheoryData<string> Lessons => new(Directory.GetFiles(Path.Combine(Charts.SmallRun.RepoRoot, "scenarios", "lessons"), "*.yaml")
        .Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Lessons))]
    public void Every_lesson_runs_as_written_in_under_ten_seconds_and_states_its_question_and_command(string file)
    {
        var text = File.ReadAllText(PathOf(file));
        foreach (var part in new[] { "# Question:", "# Run:", "# Look at:", "# You should see:" })
        {
            Assert.Contains(part, text, StringComparison.Ordinal);
        }

        Assert.Contains($"scenarios/lessons/{file}", text, StringComparison.Ordinal);
        var clock = Stopwatch.StartNew();
        var result = Run(file);
        clock.Stop();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{file} took {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(result.Overall.Measured > 0 || result.Kinds.SelectMany(k => k.Classes).Any(c => c.Completed > 0), $"{file} measured no request");
    }

    [Fact]
    public void Continuous_batching_sustains_a_higher_rate_than_static_or_dynamic_at_the_same_p99_ttft()
    {
        // The same target for every policy; capacity is the highest swept rate that keeps up (90 % of the
        // offered load completes) within it. Request-level batching holds a batch until its longest
        // request finishes, so it saturates at a few requests per second on this replica.
        const double TargetP99 = 15;
        double[] rates = [2, 4, 8, 16, 32];
        double Capacity(string batching)
            => rates.LastOrDefault(rate =>
            {
                var r = Run("01-batching.yaml", $"policies.batching={batching}", $"workloads.chat.arrival.rate={rate}");
                var c = Class(r);
                return P99(c.Ttft) <= TargetP99 && c.ThroughputRps(r.MeasuredSeconds) >= 0.8 * rate;
            });

        var continuous = Capacity("continuous");
        var @static = Capacity("{name: static, max_batch: 16, timeout: 1s}");
        var dynamic = Capacity("{name: dynamic, max_batch: 16, max_wait: 50ms}");
        Assert.True(continuous >= 4 * Math.Max(@static, 1), $"continuous {continuous} req/s against static {@static}");
        Assert.True(continuous > dynamic, $"continuous {continuous} req/s against dynamic {dynamic}");
    }

    [Fact]
    public void The_batch_size_knee_sits_where_the_step_turns_compute_bound_as_the_roofline_predicts()
    {
        var scenario = Load("02-batch-size.yaml");
        var deployment = Assert.Single(scenario.Deployments);
        var model = Assert.IsType<LlmModelSpec>(scenario.Models.Single(m => m.Key == deployment.Model));
        var node = scenario.Hardware.Nodes.Single(n => n.Name == deployment.Nodes);
        var accelerator = scenario.Hardware.Accelerators.Single(a => a.Key == node.Accelerator);

        // By hand, from the catalog figures and the efficiencies the lesson writes out: a decode step
        // streams every weight once (fixed time) and spends 2 x params FLOPs per sequence. The step turns
        // compute-bound at the batch where the two are equal.
        var parameters = deployment.ExecutionModel.Parameters;
        var flops = accelerator.PeakFlops(model.WeightPrecision)!.Value * Convert.ToDouble(parameters["compute_efficiency"], System.Globalization.CultureInfo.InvariantCulture);
        var bandwidth = accelerator.HbmBytesPerSecond * Convert.ToDouble(parameters["memory_efficiency"], System.Globalization.CultureInfo.InvariantCulture);
        var weightSeconds = model.ParamsB * 1e9 * model.WeightPrecision.Bytes() / bandwidth;
        var computeSecondsPerSequence = 2 * model.ActiveParamsB * 1e9 / flops;
        var predicted = weightSeconds / computeSecondsPerSequence;

        // Measured: the mean time between tokens of a full batch is the step time; fit step = a + b x batch
        // between a small and a large batch; the knee of throughput = batch / step is at a / b.
        (double Step, double P99Tpot, double Rate) Measure(int batch)
        {
            var r = Run("02-batch-size.yaml", $"deployments.{deployment.Name}.max_batch={batch}");
            var replica = Assert.Single(r.TextReplicas);
            Assert.True(replica.MeanBatchSize > 0.85 * batch, $"batch {batch}: mean batch {replica.MeanBatchSize:F1}, not full");
            var step = MeanSeconds(Class(r).Tbt);
            return (step, P99(Class(r).Tpot), batch / step);
        }

        var small = Measure(8);
        var doubled = Measure(16);
        var large = Measure(512);
        var larger = Measure(1024);
        var b = (large.Step - small.Step) / (512 - 8);
        var a = small.Step - 8 * b;
        var knee = a / b;

        // Attention reads each sequence's KV cache too, so the per-sequence cost is a little above the
        // GEMMs' alone and the knee sits a little below the weights-versus-FLOPs crossover.
        Assert.InRange(knee, 0.4 * predicted, 1.1 * predicted);
        Assert.True(doubled.Rate > 1.8 * small.Rate, $"below the knee doubling the batch nearly doubles throughput: {small.Rate:F0} -> {doubled.Rate:F0}");
        Assert.True(larger.Rate < 1.3 * large.Rate, $"past the knee it barely helps: {large.Rate:F0} -> {larger.Rate:F0}");
        Assert.True(larger.P99Tpot > 4 * small.P99Tpot, $"and the tail per token grows with the batch: {small.P99Tpot:F4} -> {larger.P99Tpot:F4}");
    }

    [Fact]
    public void Images_one_at_a_time_wait_as_Pollaczek_Khinchine_says_and_the_gpu_is_busy_rho_of_the_time()
    {
        // S from requests far apart (constant arrivals: none ever waits); then M/D/1 at three loads over 20 hours each.
        var alone = Run("08-queueing.yaml", "workloads.images.arrival={kind: constant, rate: 0.01}", "run.duration=1h");
        var s = Images(alone).TimeInSystem!.Mean;
        Assert.InRange(s, 1.3, 1.42); // the lesson's "1.36 s"
        foreach (var rho in new[] { 0.3, 0.6, 0.85 })
        {
            var r = Run("08-queueing.yaml", FormattableString.Invariant($"workloads.images.arrival.rate={rho / s:R}"), "run.duration=20h");
            var predicted = s + (rho * s / (2 * (1 - rho)));
            var mean = Images(r).TimeInSystem!.Mean;
            Assert.True(Math.Abs(mean - predicted) <= 0.06 * predicted, FormattableString.Invariant($"rho {rho}: mean latency {mean:F3} s, Pollaczek-Khinchine {predicted:F3} s"));
            Assert.Equal(rho, Assert.Single(r.Replicas).Utilization, 0.03);
        }

        static Model.Serving.Kinds.KindClassResult Images(ServingResult r) => r.Kinds.Single(k => k.Kind == "image").Classes.Single();
    }

    [Fact]
    public void Chunked_prefill_lowers_the_p99_time_between_tokens_and_costs_some_ttft()
    {
        var whole = Class(Run("03-chunked-prefill.yaml", "policies.batching=continuous"));
        var chunked = Class(Run("03-chunked-prefill.yaml", "policies.batching={name: chunked_prefill, token_budget: 512}"));

        // A decode waits at most one iteration between tokens; with whole prompts that iteration can be a
        // 6,000-token prefill, with chunks it holds at most 512 prompt tokens.
        Assert.True(P99(chunked.Tbt) < 0.5 * P99(whole.Tbt), $"p99 TBT chunked {P99(chunked.Tbt):F3} s, whole {P99(whole.Tbt):F3} s");
        Assert.True(P99(chunked.Tbt) <= 0.1, $"chunked p99 TBT {P99(chunked.Tbt):F3} s misses the lesson's 100 ms");
        Assert.True(P99(chunked.Ttft) > P99(whole.Ttft), "a prompt split into chunks finishes its prefill later");
    }

    [Fact]
    public void Kv_exhaustion_preempts_and_swap_or_recompute_wins_as_their_costs_per_token_predict()
    {
        var scenario = Load("04-kv-preemption.yaml");
        var model = Assert.IsType<LlmModelSpec>(scenario.Models.Single(m => m.Key == scenario.Deployments[0].Model));
        var accelerator = scenario.Hardware.Accelerators.Single(a => a.Key == scenario.Hardware.Nodes[0].Accelerator);

        var recompute = Run("04-kv-preemption.yaml", "policies.preemption=recompute");
        var swap = Run("04-kv-preemption.yaml", "policies.preemption=swap");
        var none = Run("04-kv-preemption.yaml", "policies.preemption=none");
        var roomy = Run("04-kv-preemption.yaml", "policies.preemption=recompute", "deployments.llama-8b.memory_fraction=0.9");
        Assert.True(Class(recompute).Preemptions > 0 && Class(swap).Preemptions > 0, "a small KV cache under this load must preempt");
        Assert.Equal(0, Class(none).Preemptions);
        Assert.Equal(0, Class(roomy).Preemptions);

        // Per token of a preempted context: recomputing costs at least 2 x params FLOPs at peak; swapping
        // moves its KV bytes out and back over the host link, one direction each way.
        var kvBytesPerToken = 2.0 * model.Layers * model.KvHeads * model.HeadDim * model.KvPrecision.Bytes();
        var swapSeconds = 2 * kvBytesPerToken / accelerator.HostLink!.BytesPerSecondEachWay;
        var recomputeSeconds = 2 * model.ActiveParamsB * 1e9 / accelerator.PeakFlops(model.WeightPrecision)!.Value;
        var e2eSwap = MeanSeconds(Class(swap).E2e);
        var e2eRecompute = MeanSeconds(Class(recompute).E2e);
        if (swapSeconds < recomputeSeconds)
        {
            Assert.True(e2eSwap < e2eRecompute, $"swap {swapSeconds * 1e6:F1} us/token < recompute {recomputeSeconds * 1e6:F1} us/token, yet mean e2e {e2eSwap:F2} s >= {e2eRecompute:F2} s");
        }
        else
        {
            Assert.True(e2eRecompute < e2eSwap, $"recompute {recomputeSeconds * 1e6:F1} us/token < swap {swapSeconds * 1e6:F1} us/token, yet mean e2e {e2eRecompute:F2} s >= {e2eSwap:F2} s");
        }
    }

    [Fact]
    public void Disaggregated_decode_replicas_keep_prefills_out_of_the_time_between_tokens()
    {
        var split = Run("05-disaggregation.yaml");
        var together = Run("05-disaggregation.yaml", "deployments.prompt.role=both", "deployments.tokens.role=both");

        // Invariant: a decode-only replica never runs a prompt, so nothing but decode steps (and the one
        // hand-over) sits between two tokens.
        var counter = new IterationCounter();
        _ = Run("05-disaggregation.yaml", [counter]);
        Assert.Equal(0, counter.DecodeReplicaPrefills);
        Assert.True(counter.DecodeSteps > 0);

        Assert.True(P99(Class(split).Tbt) < 0.5 * P99(Class(together).Tbt), $"p99 TBT split {P99(Class(split).Tbt):F3} s, co-located {P99(Class(together).Tbt):F3} s");
        Assert.True(P99(Class(split).Tbt) <= 0.06, "the split meets the lesson's 60 ms TBT target");
    }

    [Fact]
    public void Least_outstanding_and_power_of_two_beat_round_robin_on_p99_ttft_under_bursts()
    {
        double MeanP99(string routing) => Enumerable.Range(1, 4)
            .Average(seed => P99(Class(Run("06-routing-bursts.yaml", $"policies.routing={routing}", $"run.seed={seed}")).Ttft));

        var roundRobin = MeanP99("round_robin");
        var leastOutstanding = MeanP99("least_outstanding");
        var powerOfTwo = MeanP99("power_of_two");

        // Round robin ignores load, so a replica stuck with long requests keeps receiving its share of a
        // burst; joining the shorter queue (or the shorter of two at random) avoids it.
        Assert.True(leastOutstanding < roundRobin, $"least outstanding {leastOutstanding:F2} s, round robin {roundRobin:F2} s");
        Assert.True(powerOfTwo < roundRobin, $"power of two {powerOfTwo:F2} s, round robin {roundRobin:F2} s");
    }

    [Fact]
    public void A_power_cap_lowers_throughput_and_the_clock_power_law_lowers_energy_per_token()
    {
        const double CapKw = 5;
        var free = Run("07-power-cap.yaml");
        var capped = Run("07-power-cap.yaml", $"facility.power_cap.rack_kw={CapKw}");
        var freeEnergy = free.Facility!.Energy;
        var cappedEnergy = capped.Facility!.Energy;
        Assert.True(freeEnergy.PeakItKw > CapKw, "the lesson's cap must bind");
        Assert.True(cappedEnergy.PeakItKw <= CapKw + 1e-6, $"peak {cappedEnergy.PeakItKw} kW above the cap");

        // A lower clock stretches the compute-bound part of every step: fewer tokens per second.
        var clock = cappedEnergy.MeanBusyClock;
        Assert.True(clock < 0.95, $"mean busy clock {clock}");
        var freeRate = free.Overall.OutputTokensPerSecond(free.MeasuredSeconds);
        var cappedRate = capped.Overall.OutputTokensPerSecond(capped.MeasuredSeconds);
        Assert.True(cappedRate < 0.95 * freeRate, $"output tokens/s capped {cappedRate:F0}, free {freeRate:F0}");

        // Dynamic power goes with clock^3 (P ~ f V^2, V ~ f) while the work takes 1/clock longer, so
        // the accelerators' energy per token falls, roughly as clock^2 for the part above idle.
        var freeJoules = freeEnergy.AcceleratorKwh * 3.6e6 / free.Overall.OutputTokens;
        var cappedJoules = cappedEnergy.AcceleratorKwh * 3.6e6 / capped.Overall.OutputTokens;
        Assert.True(cappedJoules < freeJoules, $"J/token capped {cappedJoules:F3}, free {freeJoules:F3}");
        Assert.True(cappedJoules > clock * clock * freeJoules * 0.8, $"J/token capped {cappedJoules:F3} fell by more than clock^2 ({clock:F3}) allows");
    }

    private sealed class IterationCounter : IRunObserver
    {
        public RunEvents Events => RunEvents.Iterations;

        public long DecodeReplicaPrefills { get; private set; }

        public long DecodeSteps { get; private set; }

        public void OnIteration(Replica replica, long startNs, long endNs, in BatchShape shape)
        {
            if (replica.Role != ReplicaRole.Decode)
            {
                return;
            }

            DecodeSteps++;
            if (shape.PrefillTokens > 0)
            {
                DecodeReplicaPrefills++;
            }
        }
    }
}

using ClusterSim.Engine.Core;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Requests;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using ClusterSim.Model.Workloads.Sizes;
using static ClusterSim.Model.Tests.Serving.Cluster.ServingTestKit;

namespace ClusterSim.Model.Tests.Serving.Cluster;

/// <summary>
/// Back-to-back decode-only iterations are simulated with one event per run (split when work
/// arrives). That must change nothing but the event count: every latency, gap and count equals the
/// one-event-per-iteration path (RunOptions.OneEventPerIteration), while the tracer that counts
/// iterations is fed each step of a run one by one.
/// </summary>
public sealed class DecodeRunTests
{
    private sealed class CountingTracer : IRunObserver
    {
        public RunEvents Events => RunEvents.Iterations;

        public long Iterations { get; private set; }

        public void OnIteration(Replica replica, long startNs, long endNs, in BatchShape shape) => Iterations++;
    }

    [Theory]
    [InlineData("continuous", 1_000_000)]
    [InlineData("chunked_prefill", 1_000_000)]
    [InlineData("continuous", 900)] // a small KV cache: runs shortened by block limits
    [InlineData("continuous", 320)] // smaller still: preemptions
    [InlineData("continuous", 1_000_000, 10)] // multi-step scheduling: arrivals wait for the round's end, runs split there
    [InlineData("continuous", 320, 4)]
    // Admission that reserves each request's whole KV (TensorRT-LLM's default, no preemption): its debt falls by what a
    // run's steps take, at once on the run path and step by step on the others.
    [InlineData("continuous", 900, 1, PreemptionMode.None)]
    [InlineData("chunked_prefill", 1_200, 1, PreemptionMode.None)]
    [InlineData("continuous", 1_000_000, 10, PreemptionMode.None)]
    // The batch class's requests decoding four beams each (beam search): the cache grows by each beam's blocks.
    [InlineData("continuous", 1_000_000, 1, PreemptionMode.Recompute, 4)]
    [InlineData("continuous", 320, 1, PreemptionMode.Recompute, 4)]
    [InlineData("continuous", 320, 1, PreemptionMode.Swap, 4)] // the chat class swaps, the beams are recomputed
    [InlineData("chunked_prefill", 1_200, 1, PreemptionMode.None, 4)]
    // The same with the shared prompt read once a step for all the beams (a cascade kernel): its pairs ride along.
    [InlineData("continuous", 320, 1, PreemptionMode.Recompute, 4, true)]
    [InlineData("chunked_prefill", 1_200, 1, PreemptionMode.None, 4, true)]
    public void Decode_runs_give_exactly_the_results_of_one_event_per_iteration(string policy, int kvBlocks, int schedulerSteps = 1,
        PreemptionMode preemption = PreemptionMode.Recompute, int beams = 1, bool promptReadOnce = false)
    {
        ServingSetup Setup() => new()
        {
            Seed = 12,
            Classes =
            [
                PoissonClass("chat", 3, new LogNormalSize(400, 1.0, max: 3000), new LogNormalSize(300, 1.0, max: 2000), 1_500),
                PoissonClass("batch", 0.5, new ConstantSize(2000), new ConstantSize(600), 250) with { BeamWidth = beams },
            ],
            Pools = [Pool(3, Config(kvBlocks: kvBlocks, maxSequences: 48, preemption: preemption) with { BeamPromptReadOnce = promptReadOnce }, new LinearIterationTimer(3_000_000, 30_000, 40_000, 2), policy) with
            {
                Policy = () => schedulerSteps == 1 ? ClusterSim.Model.Serving.Batching.BatchPolicies.Create(policy)
                    : new ClusterSim.Model.Serving.Batching.ContinuousBatchPolicy(schedulerSteps),
            }],
        };

        var fast = ClusterRun.Execute(Setup());
        var tracer = new CountingTracer();
        var slow = ClusterRun.Execute(Setup(), new RunOptions { OneEventPerIteration = true }, tracer);

        Assert.Equal(slow.SimulatedNs, fast.SimulatedNs);
        for (var c = 0; c < fast.Classes.Count; c++)
        {
            var f = fast.Classes[c];
            var s = slow.Classes[c];
            Assert.Equal(s.Completed, f.Completed);
            Assert.Equal(s.Preemptions, f.Preemptions);
            Assert.Equal(s.Ttft.ToSummary(), f.Ttft.ToSummary());
            Assert.Equal(s.Tbt.ToSummary(), f.Tbt.ToSummary());
            Assert.Equal(s.Tbt.Count, f.Tbt.Count);
            Assert.Equal(s.Tpot.ToSummary(), f.Tpot.ToSummary());
            Assert.Equal(s.E2e.ToSummary(), f.E2e.ToSummary());
        }

        Assert.Equal(tracer.Iterations, fast.Replicas.Sum(r => r.Iterations));

        // A tracer on the decode-run path hears every step and changes nothing: same events, same iterations.
        var runTracer = new CountingTracer();
        var traced = ClusterRun.Execute(Setup(), observers: runTracer);
        Assert.Equal(fast.Events, traced.Events);
        Assert.Equal(tracer.Iterations, runTracer.Iterations);
        if (kvBlocks == 320)
        {
            Assert.True(slow.Overall.Preemptions > 0, "the 320-block case was meant to preempt");
        }

        // The per-replica series too: a run samples the KV cache at every step, as single iterations do.
        for (var i = 0; i < fast.Replicas.Count; i++)
        {
            Assert.Equal(slow.Replicas[i].MeanKvOccupancy, fast.Replicas[i].MeanKvOccupancy, 12);
            Assert.Equal(slow.Replicas[i].MeanBatchSize, fast.Replicas[i].MeanBatchSize, 12);
            Assert.Equal(slow.Replicas[i].MeanRunning, fast.Replicas[i].MeanRunning, 12);
            Assert.Equal(slow.Replicas[i].Utilization, fast.Replicas[i].Utilization, 12);
            Assert.Equal(slow.Replicas[i].Iterations, fast.Replicas[i].Iterations);
        }

        Assert.True(fast.Events < slow.Events, $"runs should save events: {fast.Events} vs {slow.Events}");
    }

    [Theory]
    [InlineData("llama-3.1-8b", 1, 1)]
    [InlineData("llama-3.1-70b", 8, 1)]
    [InlineData("mixtral-8x7b", 2, 1)]
    [InlineData("llama-3.1-405b", 8, 2)]
    [InlineData("llama-3.1-8b", 1, 1, 1.0)] // the host's per-sequence time beside the device's (overlap scheduler)
    [InlineData("llama-3.1-70b", 8, 1, 0.5)]
    public void The_roofline_decode_run_equals_one_prediction_per_step_bit_for_bit(string model, int tp, int pp, double hostOverlap = 0)
    {
        var scenario = ScenarioLoader.LoadDefault(
            [$"deployments.llama-8b.model={model}", $"workloads.chat.model={model}", $"deployments.llama-8b.tp={tp}",
             $"deployments.llama-8b.pp={pp}", "deployments.llama-8b.replicas=1", "hardware.nodes.dgx-h100.count=2", "hardware.nodes.dgx-h100.network={kind: infiniband, bidir_gbs: 800}",
             FormattableString.Invariant($"execution_model={{name: roofline, host_overlap: {hostOverlap}}}")]);
        var timer = (IIterationTimer)ScenarioCompiler.Compile(scenario).Setup.Pools[0].Timer;
        var rng = new Random(3);
        for (var trial = 0; trial < 200; trial++)
        {
            // Every other trial with beam search's shared-prompt pairs, which the run carries unchanged step to step.
            var first = new BatchShape
            {
                DecodeSequences = rng.Next(1, 512), DecodeContextTokens = rng.Next(1, 4_000_000), DecodeSharedPairs = trial % 2 == 0 ? 0 : rng.Next(1, 6_000_000),
            };
            var steps = rng.Next(2, 300);
            var run = new long[steps];
            timer.DecodeRunNs(in first, run);
            var step = first;
            for (var j = 0; j < steps; j++)
            {
                Assert.Equal(timer.IterationNs(in step), run[j]);
                step.DecodeContextTokens += step.DecodeSequences;
            }
        }
    }

    [Theory]
    [InlineData("llama-3.1-8b", 1, 1)]
    [InlineData("mixtral-8x7b", 2, 1)]
    [InlineData("llama-3.1-405b", 8, 2)]
    [InlineData("llama-3.1-8b", 1, 1, 1.0)]
    public void The_roofline_run_end_times_are_the_running_sum_of_its_steps_cut_at_the_longest_run(string model, int tp, int pp, double hostOverlap = 0)
    {
        // The one-pass end times against one prediction per step summed by hand: the same ends, and the run
        // stops before the first step that would start once maxRunNs has passed.
        var scenario = ScenarioLoader.LoadDefault(
            [$"deployments.llama-8b.model={model}", $"workloads.chat.model={model}", $"deployments.llama-8b.tp={tp}",
             $"deployments.llama-8b.pp={pp}", "deployments.llama-8b.replicas=1", "hardware.nodes.dgx-h100.count=2", "hardware.nodes.dgx-h100.network={kind: infiniband, bidir_gbs: 800}",
             FormattableString.Invariant($"execution_model={{name: roofline, host_overlap: {hostOverlap}}}")]);
        var timer = (IIterationTimer)ScenarioCompiler.Compile(scenario).Setup.Pools[0].Timer;
        var rng = new Random(5);
        var cuts = 0;
        for (var trial = 0; trial < 200; trial++)
        {
            var first = new BatchShape
            {
                DecodeSequences = rng.Next(1, 512), DecodeContextTokens = rng.Next(1, 4_000_000), DecodeSharedPairs = trial % 2 == 0 ? 0 : rng.Next(1, 6_000_000),
            };
            var steps = rng.Next(2, 300);
            var startNs = rng.NextInt64(0, 1_000_000_000_000);
            var maxRunNs = trial % 2 == 0 ? long.MaxValue : rng.NextInt64(1, 2_000_000_000);
            var ends = new long[steps];
            var written = timer.DecodeRunEnds(in first, ends, startNs, maxRunNs);

            var expected = new List<long>();
            var end = startNs;
            var step = first;
            for (var j = 0; j < steps && (j == 0 || end - startNs < maxRunNs); j++)
            {
                end += timer.IterationNs(in step);
                expected.Add(end);
                step.DecodeContextTokens += step.DecodeSequences;
            }

            cuts += written < steps ? 1 : 0;
            Assert.Equal(expected, ends[..written]);
        }

        Assert.True(cuts > 10, $"the cut should be exercised: {cuts} runs cut");
    }

    [Fact]
    public void Decode_runs_change_nothing_in_a_full_scenario_with_the_roofline()
    {
        var compiled = ScenarioCompiler.Compile(ScenarioLoader.LoadDefault(["run.duration=30s"]));
        var fast = ClusterRun.Execute(compiled.Setup with { Seed = 1 });
        var slow = ClusterRun.Execute(compiled.Setup with { Seed = 1 }, new RunOptions { OneEventPerIteration = true });
        Assert.Equal(slow.SimulatedNs, fast.SimulatedNs);
        Assert.Equal(slow.Overall.Tbt.ToSummary(), fast.Overall.Tbt.ToSummary());
        Assert.Equal(slow.Overall.E2e.ToSummary(), fast.Overall.E2e.ToSummary());
        Assert.Equal(slow.Overall.Ttft.ToSummary(), fast.Overall.Ttft.ToSummary());
        Assert.Equal(slow.Overall.Tbt.Count, fast.Overall.Tbt.Count);
    }

    [Fact]
    public void Runs_timed_in_chunks_past_their_first_give_exactly_the_results_of_one_event_per_iteration()
    {
        // Sparse traffic with long outputs: runs go on for hundreds of steps, so most are timed in several chunks
        // (the first 128 steps at the run's start, the rest as it gets there).
        var compiled = ScenarioCompiler.Compile(ScenarioLoader.LoadDefault(
            ["run.duration=60s", "workloads.chat.arrival.rate=0.5", "workloads.chat.output_tokens={kind: constant, value: 1500}"]));
        var fast = ClusterRun.Execute(compiled.Setup with { Seed = 3 });
        var slow = ClusterRun.Execute(compiled.Setup with { Seed = 3 }, new RunOptions { OneEventPerIteration = true });

        // More than 64 steps per event on average (arrivals, completions and prefills are events too): runs well past their first chunk of 128 steps are common.
        Assert.True(fast.Replicas.Sum(r => r.Iterations) > 64 * fast.Events, $"runs should be long: {fast.Events} events");
        Assert.Equal(slow.SimulatedNs, fast.SimulatedNs);
        Assert.Equal(slow.Overall.Completed, fast.Overall.Completed);
        Assert.Equal(slow.Overall.Tbt.ToSummary(), fast.Overall.Tbt.ToSummary());
        Assert.Equal(slow.Overall.Tbt.Count, fast.Overall.Tbt.Count);
        Assert.Equal(slow.Overall.E2e.ToSummary(), fast.Overall.E2e.ToSummary());
        Assert.Equal(slow.Overall.Ttft.ToSummary(), fast.Overall.Ttft.ToSummary());
    }
}

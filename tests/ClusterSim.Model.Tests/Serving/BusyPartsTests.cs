using ClusterSim.Model.Performance;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Serving;

/// <summary>
/// Where a replica's busy time went (<c>ReplicaStats.BusyParts</c>, summary.json's <c>busy_time</c>): the parts add up to
/// the busy time (conservation, whatever the run does: decode runs, swaps, power caps, pipelines), they are what the
/// execution model charges step by step, and observing them changes nothing the run simulates.
/// </summary>
public sealed class BusyPartsTests
{
    private static ClusterSim.Model.Serving.Cluster.ServingResult Run(string? file, params string[] sets)
    {
        var scenario = file is null ? ScenarioLoader.LoadDefault(sets) : ScenarioLoader.Load(RepoPaths.File("scenarios", file), sets);
        return ClusterRun.Execute(ScenarioCompiler.Compile(scenario));
    }

    [Theory]
    [InlineData(null, new[] { "run.duration=20s" })]
    [InlineData("lessons/04-kv-preemption.yaml", new[] { "policies.preemption=swap", "run.duration=30s" })]  // swapped KV comes back
    [InlineData("lessons/07-power-cap.yaml", new string[0])]                                                   // runs stretched by a cap
    [InlineData("validation/mlperf50-h100-llama2-70b-server.yaml", new[] { "run.duration=60s" })]            // pipeline stages
    [InlineData("validation/trtllm-pytorch-qwen3-235b-8xh100.yaml", new[] { "run.requests=2000" })]         // attention dp, experts
    public void The_parts_add_up_to_each_replicas_busy_time(string? file, string[] sets)
    {
        var result = Run(file, sets);
        var text = result.Replicas.Where(r => r.IsText).ToList();
        Assert.NotEmpty(text);
        foreach (var r in text)
        {
            var parts = Assert.IsAssignableFrom<IReadOnlyList<(string Name, double Seconds)>>(r.BusyParts);
            Assert.Equal([.. StepBreakdown.PartNames, Replica.KvSwapPart], parts.Select(p => p.Name));
            Assert.All(parts, p => Assert.True(p.Seconds >= 0, p.Name));
            var busy = r.Utilization * result.SimulatedNs / 1e9;
            Assert.Equal(busy, parts.Sum(p => p.Seconds), busy * 1e-9 + 1e-9);
        }

        if (file?.Contains("04-kv") == true)
        {
            Assert.Contains(text, r => r.Preemptions > 0 && r.BusyParts!.Single(p => p.Name == Replica.KvSwapPart).Seconds > 0);
        }
    }

    [Fact]
    public void A_lone_request_splits_as_the_sum_of_its_steps_parts()
    {
        // One replica, one request (a prefill of 100 tokens, then 299 decode steps at batch 1): the replica's parts are
        // the execution model's parts of each of those steps, added up by hand here.
        var sets = new[]
        {
            "deployments.llama-8b.replicas=1", "workloads.chat.arrival={kind: constant, rate: 0.02}",
            "workloads.chat.prompt_tokens=100", "workloads.chat.output_tokens=300", "run.requests=1", "run.warmup=0s",
        };
        var compiled = ScenarioCompiler.Compile(ScenarioLoader.LoadDefault(sets));
        var model = (IStepBreakdown)((ExecutionModelTimer)compiled.Setup.Pools[0].Timer).Model;
        var result = ClusterRun.Execute(compiled);
        Assert.Equal(1, result.Overall.Completed);

        var step = new double[StepBreakdown.PartNames.Count];
        var expected = new double[StepBreakdown.PartNames.Count];
        void Add(IterationShape shape)
        {
            model.Breakdown(shape).CopyTo(step);
            for (var i = 0; i < expected.Length; i++)
            {
                expected[i] += step[i];
            }
        }

        Add(IterationShape.Prefill(1, 100));
        for (var context = 101; context < 400; context++)
        {
            Add(IterationShape.Decode(1, context));
        }

        var parts = Assert.Single(result.Replicas).BusyParts!;
        var total = expected.Sum();
        for (var i = 0; i < expected.Length; i++)
        {
            // Within 0.1 % of the whole: steps are whole nanoseconds, and a decode run is split by its middle step's shares.
            Assert.Equal(expected[i], parts[i].Seconds, total * 1e-3);
        }

        Assert.True(parts.Single(p => p.Name == "weight_stream").Seconds > total / 2); // batch 1: the weights dominate
    }

    [Fact]
    public void Observing_the_parts_changes_nothing_simulated()
    {
        // The same run with timers that give the same times but no parts: every figure but the parts is the same.
        var compiled = ScenarioCompiler.Compile(ScenarioLoader.LoadDefault(["run.duration=20s"]));
        var with = ClusterRun.Execute(compiled);
        var without = ClusterRun.Execute(compiled.Setup with
        {
            Pools = [.. compiled.Setup.Pools.Select(p => p with { Timer = new TimesOnly(p.Timer) })],
        });

        Assert.All(without.Replicas, r => Assert.Null(r.BusyParts));
        Assert.All(with.Replicas, r => Assert.NotNull(r.BusyParts));
        Assert.Equal(with.Events, without.Events);
        Assert.Equal(with.Overall.Completed, without.Overall.Completed);
        Assert.Equal(with.Overall.Ttft.ToSummary(), without.Overall.Ttft.ToSummary());
        Assert.Equal(with.Overall.Tpot.ToSummary(), without.Overall.Tpot.ToSummary());
        Assert.Equal(with.Replicas.Select(r => r.Utilization), without.Replicas.Select(r => r.Utilization));
        Assert.Equal(with.Replicas.Select(r => r.MeanBatchSize), without.Replicas.Select(r => r.MeanBatchSize));
    }

    [Fact]
    public void A_predictor_without_parts_leaves_busy_time_out_and_the_run_says_so()
    {
        var compiled = ScenarioCompiler.Compile(ScenarioLoader.LoadDefault(
            ["execution_model={name: ClusterSim.Model.Tests.Performance.ConstantPredictor, ms_per_token: 2}", "run.duration=5s"]));
        Assert.Contains(compiled.Notes, n => n.Contains("gives step times without parts") && n.Contains("no busy_time"));
        Assert.All(ClusterRun.Execute(compiled).Replicas, r => Assert.Null(r.BusyParts));

        // The roofline has parts, and no such note.
        Assert.DoesNotContain(ScenarioCompiler.Compile(ScenarioLoader.LoadDefault(["run.duration=5s"])).Notes, n => n.Contains("without parts"));
    }

    /// <summary>A timer's times, run for run, without its parts (nor its compute shares).</summary>
    private sealed class TimesOnly(IIterationTimer inner) : IIterationTimer
    {
        public long IterationNs(in BatchShape shape) => inner.IterationNs(in shape);

        public void DecodeRunNs(in BatchShape first, Span<long> durationsNs) => inner.DecodeRunNs(in first, durationsNs);

        public int DecodeRunEnds(in BatchShape first, Span<long> endsNs, long startNs, long maxRunNs) => inner.DecodeRunEnds(in first, endsNs, startNs, maxRunNs);
    }
}

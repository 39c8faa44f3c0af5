using ClusterSim.Model.Metrics;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Requests;
using ClusterSim.Model.Setup;
using ClusterSim.Model.Workloads;
using ClusterSim.Model.Workloads.Arrivals;
using ClusterSim.Model.Workloads.Sizes;
using ClusterSim.Scenarios;
using static ClusterSim.Model.Tests.Serving.Cluster.ServingTestKit;

namespace ClusterSim.Model.Tests.Serving.Cluster;

/// <summary>
/// Beam search on a replica: a request's prompt is prefilled once, every decode step computes a token for each of its
/// beams, it returns one output and counts once against max_batch. (That decode runs of beams change nothing but the
/// event count, whatever the cache and the preemption: DecodeRunTests.)
/// </summary>
public sealed class BeamSearchServingTests
{
    private sealed class Recorder : IRunObserver
    {
        public RunEvents Events => RunEvents.Iterations | RunEvents.Requests;

        public List<BatchShape> Shapes { get; } = [];

        public List<long> Durations { get; } = [];

        public List<TextRequest> Completed { get; } = [];

        public void OnIteration(Replica replica, long startNs, long endNs, in BatchShape shape)
        {
            Shapes.Add(shape);
            Durations.Add(endNs - startNs);
        }

        public void OnRequestCompleted(TextRequest request, string className) => Completed.Add(request);
    }

    private static ClassSetup Burst(string name, int requests, int prompt, int output, int beams)
        => new ClassSetup(name, sim => new SyntheticRequestSource(new ConstantArrivals(1e6), new ConstantSize(prompt), new ConstantSize(output),
            sim.Random["arrivals/" + name], sim.Random["sizes/" + name], maxCount: requests), SloTargets.None) { BeamWidth = beams };

    [Theory]
    // Each beam reads its whole context (the default: TensorRT-LLM's masked multi-head attention kernel), or the shared
    // prompt once for all four (beam_prompt_reads: once, a cascade kernel).
    [InlineData(false)]
    [InlineData(true)]
    public void A_lone_request_decodes_its_four_beams_every_step_and_its_latency_is_the_hand_sum_of_its_steps(bool promptReadOnce)
    {
        // 1 ms a step, 1 us a prompt token, 0.1 ms a decoding sequence, 10 ns a context token read.
        var timer = new LinearIterationTimer(1_000_000, 1_000, 100_000, 10);
        var recorder = new Recorder();
        ClusterRun.Execute(new ServingSetup
        {
            Seed = 1,
            Classes = [Burst("beams", 1, 100, 10, 4)],
            Pools = [Pool(1, Config() with { BeamPromptReadOnce = promptReadOnce }, timer)],
        }, null, recorder);

        // The prompt once: 1 ms + 100 us.
        Assert.Equal(100, recorder.Shapes[0].PrefillTokens);
        Assert.Equal(1_100_000, recorder.Durations[0]);

        // Then 9 decode steps, the k-th with each beam at k tokens past the 100-token prompt: every beam reads its
        // 100 + k tokens, 4 x (100 + k) in all; or the prompt once and each beam its k, 100 + 4k, with every beam still
        // attending over the prompt (3 x 100 pairs beyond what is read). 1 ms + 4 x 0.1 ms + 10 ns x what is read.
        var decodes = recorder.Shapes.Skip(1).ToList();
        Assert.Equal(9, decodes.Count);
        long Read(int k) => promptReadOnce ? 100 + (4L * k) : 4 * (100 + (long)k);
        for (var k = 1; k <= 9; k++)
        {
            var shape = decodes[k - 1];
            Assert.Equal((4, Read(k), promptReadOnce ? 300L : 0L), (shape.DecodeSequences, shape.DecodeContextTokens, shape.DecodeSharedPairs));
            Assert.Equal(1_000_000 + 400_000 + (10 * Read(k)), recorder.Durations[k]);
        }

        var request = Assert.Single(recorder.Completed);
        Assert.Equal(10, request.OutputTokens);
        Assert.Equal(1_100_000, request.FirstTokenNs - request.ArrivalNs);
        var byHand = 1_100_000 + Enumerable.Range(1, 9).Sum(k => (promptReadOnce ? 1_401_000L : 1_404_000L) + (40L * k));
        Assert.Equal(byHand, request.CompletedNs - request.ArrivalNs);
    }

    [Fact]
    public void Max_batch_counts_requests_and_the_step_their_beams()
    {
        // Three requests of four beams at once on a replica that runs two at a time: eight decoding sequences, never twelve.
        var recorder = new Recorder();
        var result = ClusterRun.Execute(new ServingSetup
        {
            Seed = 1,
            Classes = [Burst("beams", 3, 50, 20, 4)],
            Pools = [Pool(1, Config(maxSequences: 2), new LinearIterationTimer(1_000_000))],
        }, null, recorder);

        Assert.Equal(3, result.Classes[0].Completed);
        Assert.Equal(8, recorder.Shapes.Max(s => s.DecodeSequences));
        Assert.All(recorder.Shapes, s => Assert.True(s.DecodeSequences % 4 == 0));
    }

    [Fact]
    public void A_scenario_names_beam_search_in_its_notes_and_its_steps_carry_the_beams()
    {
        var compiled = ScenarioCompiler.Compile(ScenarioLoader.LoadDefault(["run.duration=20s", "workloads.chat.beam_width=4"]));
        Assert.Contains(compiled.Notes, n => n.Contains("beam search of width 4", StringComparison.Ordinal)
                                            && n.Contains("the last, which each beam copies", StringComparison.Ordinal));
        Assert.Equal(4, Assert.Single(compiled.Setup.Classes).BeamWidth);

        var recorder = new Recorder();
        ClusterRun.Execute(compiled.Setup with { Seed = 1 }, null, recorder);
        Assert.NotEmpty(recorder.Completed);
        Assert.All(recorder.Completed, r => Assert.Equal(4, r.BeamWidth));
        Assert.All(recorder.Shapes, s => Assert.True(s.DecodeSequences % 4 == 0 && s.DecodeSharedPairs == 0));
        Assert.Contains(compiled.Notes, n => n.Contains("once a beam, as TensorRT-LLM's masked multi-head attention kernel does", StringComparison.Ordinal)
                                            && !n.Contains("beam_prompt_reads: once", StringComparison.Ordinal));

        // With a cascade kernel the note names the deployment, and the steps carry the pairs the beams attend beyond one read.
        var cascade = ScenarioCompiler.Compile(ScenarioLoader.LoadDefault(["run.duration=20s", "workloads.chat.beam_width=4", "deployments.llama-8b.beam_prompt_reads=once"]));
        Assert.Contains(cascade.Notes, n => n.Contains("but once for all the beams on 'llama-8b' (beam_prompt_reads: once", StringComparison.Ordinal));
        Assert.True(Assert.Single(cascade.Setup.Pools).Config.BeamPromptReadOnce);
        var onceRecorder = new Recorder();
        ClusterRun.Execute(cascade.Setup with { Seed = 1 }, null, onceRecorder);
        Assert.Contains(onceRecorder.Shapes, s => s.DecodeSharedPairs > 0);
        Assert.All(onceRecorder.Shapes, s => Assert.True(s.DecodeSharedPairs % 3 == 0));
    }
}

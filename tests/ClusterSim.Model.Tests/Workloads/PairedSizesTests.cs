using ClusterSim.Engine.Core;
using ClusterSim.Engine.Randomness;
using ClusterSim.Model.Setup;
using ClusterSim.Model.Workloads;
using ClusterSim.Model.Workloads.Sizes;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Workloads;

/// <summary>
/// A text workload whose prompt and output lengths are two columns of one file draws them as pairs, one dataset sample a
/// request; lengths from two files, or from distributions, are drawn apart as before.
/// </summary>
public sealed class PairedSizesTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "clustersim-paired-" + Guid.NewGuid().ToString("N"));

    public PairedSizesTests()
    {
        Directory.CreateDirectory(_dir);
        // Every output is ten times its own prompt: a pair drawn apart would show it at once.
        File.WriteAllLines(Path.Combine(_dir, "lengths.csv"), ["input_length,output_length", .. Enumerable.Range(1, 50).Select(i => $"{i},{10 * i}")]);
        File.WriteAllLines(Path.Combine(_dir, "outputs.csv"), ["output_length", .. Enumerable.Range(1, 50).Select(i => $"{10 * i}")]);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Two_columns_of_one_file_are_drawn_as_the_rows_they_are_in()
    {
        var requests = Requests("{kind: empirical, file: lengths.csv, column: output_length}", out var notes);
        Assert.Equal(2000, requests.Count);
        Assert.All(requests, r => Assert.Equal(10 * r.PromptTokens, r.OutputTokens));
        Assert.Equal(50, requests.Select(r => r.PromptTokens).Distinct().Count());   // every row is reachable
        Assert.Contains(notes, n => n.Contains("drawn as pairs, one row of lengths.csv a request (columns input_length and output_length)", StringComparison.Ordinal));
    }

    [Fact]
    public void Lengths_from_two_files_are_drawn_apart()
    {
        // The same values in another file: independent draws, so most requests break the pairing.
        var requests = Requests("{kind: empirical, file: outputs.csv, column: output_length}", out var notes);
        Assert.True(requests.Count(r => r.OutputTokens != 10 * r.PromptTokens) > requests.Count / 2);
        Assert.DoesNotContain(notes, n => n.Contains("drawn as pairs", StringComparison.Ordinal));
    }

    [Fact]
    public void Apart_the_prompt_is_drawn_before_the_output_from_one_stream_as_always()
    {
        // IndependentSizes keeps the order every run before paired sizes drew in, so no other scenario's figures moved.
        var prompt = new UniformSize(1, 1000);
        var output = new UniformSize(1, 1000);
        var (a, b) = (new SimRandom(7), new SimRandom(7));
        var sizes = new IndependentSizes(prompt, output);
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal((prompt.Sample(a), output.Sample(a)), sizes.Sample(b));
        }
    }

    [Fact]
    public void Paired_columns_of_unequal_length_are_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => new PairedSizes([1, 2, 3], [10, 20]));
        Assert.Contains("3 prompts, 2 outputs", ex.Message, StringComparison.Ordinal);
    }

    private List<TextRequestSpec> Requests(string output, out IReadOnlyList<string> notes)
    {
        var path = Path.Combine(_dir, $"s-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, $$"""
            name: paired
            workloads:
              chat:
                kind: text
                model: llama-3.1-8b
                arrival: {kind: poisson, rate: 100}
                prompt_tokens: {kind: empirical, file: lengths.csv, column: input_length}
                output_tokens: {{output}}
            hardware:
              nodes:
                n: {count: 1, accelerator: h100-sxm, per_node: 1}
            deployments:
              d: {model: llama-3.1-8b, nodes: n, tp: 1, replicas: 1}
            run: {requests: 2000}
            """);
        var compiled = ScenarioCompiler.Compile(ScenarioLoader.Load(path), 1);
        notes = compiled.Setup.Notes;
        var source = compiled.Setup.Classes.Single().Source(new Simulation(1));
        var list = new List<TextRequestSpec>();
        while (source.TryNext(out var r))
        {
            list.Add(r);
        }

        return list;
    }
}

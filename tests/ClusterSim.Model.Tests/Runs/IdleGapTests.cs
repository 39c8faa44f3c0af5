using ClusterSim.Model.Runs;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Runs;

/// <summary>Simulated time with nothing due costs no wall time: the run loop skips empty one-second slices.</summary>
public sealed class IdleGapTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clustersim-gap-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_trace_row_68_years_after_the_last_is_served_without_simulating_each_idle_second()
    {
        // Row 3 arrives at 2^31 s (68 years): before, the loop turned once per simulated second, about 8 minutes of wall time.
        File.WriteAllText(Path.Combine(_folder, "gap.csv"), "t,p,o\n0,100,10\n1,100,10\n2147483648,100,10\n");
        const string yaml = """
            workloads:
              chat:
                kind: text
                model: llama-3.1-8b
                arrival: {kind: trace, file: gap.csv, format: csv, columns: {time: t, prompt: p, output: o}}
            hardware:
              nodes:
                dgx: {count: 1, accelerator: h100-sxm, per_node: 8}
            deployments:
              serve: {model: llama-3.1-8b, nodes: dgx, tp: 2, replicas: 1}
            run:
              requests: 3
            """;
        var compiled = ScenarioCompiler.Compile(ScenarioLoader.Parse(yaml, "gap.yaml", _folder));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = ClusterRun.Execute(compiled, new RunOptions { Cancellation = new CancellationTokenSource().Token });
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        Assert.Equal(3, result.Overall.Completed);

        // The run ends on the one-second slice boundary after the last completion, as it did when it walked every slice:
        // the last request arrives at 2^31 s and takes well under a second.
        Assert.Equal(2147483649L * 1_000_000_000, result.SimulatedNs);
    }
}

using System.Diagnostics;
using ClusterSim.Engine.Core;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Setup;
using ClusterSim.Model.Workloads.Traces;
using ClusterSim.Scenarios;

namespace ClusterSim.Cli.Bench;

/// <summary>Runs one whole-simulator case and measures it: events/s, requests/s of wall time, speed-up over real time, peak memory.</summary>
internal static class SimulationBench
{
    public sealed record Result(string Case, long Requests, long Events, double SimulatedSeconds, double WallSeconds, double PeakMegabytes, double ManagedPeakMegabytes);

    public static Result Run(string name, long? requests, Action<long>? progress)
    {
        var (yaml, sets) = name switch
        {
            "chat-1m" => (BenchScenarios.Chat1M, new List<string>()),
            "day-10m" => (BenchScenarios.Day10M, new List<string>()),
            "day-1m" => (BenchScenarios.Day10M, new List<string> { "run.requests=1000000" }),
            "azure-loop" => (BenchScenarios.AzureLoop, new List<string>()),
            "replicas-10k" => (BenchScenarios.Chat1M, BenchScenarios.Replicas10K.ToList()),
            "facility-1k" => (BenchScenarios.Facility1K, new List<string>()),
            _ => throw new ArgumentException($"unknown case '{name}'"),
        };
        if (requests is { } n)
        {
            sets.Add($"run.requests={n}");
        }

        var scenario = ScenarioLoader.Parse(yaml, $"bench:{name}", sets: sets);
        var setup = ScenarioCompiler.Compile(scenario).Setup;
        if (name == "azure-loop")
        {
            var trace = FindTrace();
            var loops = (int)Math.Max(1, Math.Ceiling((requests ?? 50 * 19_366) / 19_366.0));
            setup = setup with
            {
                Classes = [setup.Classes[0] with { Source = _ => new AzureLlmTraceSource(trace, new ClusterSim.Model.Workloads.Traces.TraceOptions(Loops: loops)) }],
            };
        }

        if (name == "replicas-10k")
        {
            setup = setup with { CentralQueue = true };
        }

        GC.Collect();
        var clock = Stopwatch.StartNew();
        var result = ClusterRun.Execute(setup, new RunOptions { Progress = progress });
        var wall = clock.Elapsed.TotalSeconds;
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return new Result(name, result.Overall.Arrived, result.Events, SimTime.ToSeconds(result.SimulatedNs), wall,
            self.PeakWorkingSet64 / 1e6, GC.GetGCMemoryInfo().HeapSizeBytes / 1e6);
    }

    /// <summary>The Azure conversation trace, found from the working directory upwards (scenarios/traces/...).</summary>
    private static string FindTrace()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "scenarios", "traces", "azure-llm-2023", "conv.csv");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("scenarios/traces/azure-llm-2023/conv.csv not found above the working directory; run the bench from the repository");
    }
}

using ClusterSim.Analysis.Charts;
using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using ClusterSim.Model.Runs;

namespace ClusterSim.Analysis.Tests.Charts;

/// <summary>Small runs of real scenarios for the chart, report and timeline tests (well under a second each).</summary>
internal static class SmallRun
{
    /// <summary>The embedded default scenario, shortened: 20 requests/s for 3 s after 1 s of warm-up.</summary>
    public static readonly string[] Short = ["run.duration=3s", "run.warmup=1s"];

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ClusterSim.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("ClusterSim.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static (Scenario Scenario, CompiledScenario Compiled, ServingResult Result) Run(
        IReadOnlyList<string>? sets = null, IRequestLog? log = null, IReplicaTracer? tracer = null, string? file = null)
    {
        var scenario = file is null ? ScenarioLoader.LoadDefault(sets ?? Short) : ScenarioLoader.Load(file, sets);
        var compiled = ScenarioCompiler.Compile(scenario);
        var observers = new List<IRunObserver>();
        if (log is not null)
        {
            observers.Add(RunObservers.FromLog(log));
        }

        if (tracer is not null)
        {
            observers.Add(RunObservers.FromTracer(tracer));
        }

        return (scenario, compiled, ClusterRun.Execute(compiled, observers: observers));
    }

    /// <summary>A short run with its scenario and every chart `clustersim run` draws for it.</summary>
    public static (Scenario Scenario, ServingResult Result, IReadOnlyList<Chart> Charts) WithCharts(IReadOnlyList<string>? sets = null)
    {
        var utilization = new UtilizationRecorder();
        var latency = new LatencyOverTimeRecorder();
        var (scenario, _, result) = Run(sets, log: latency, tracer: utilization);
        return (scenario, result, RunCharts.Create(result, new RunChartOptions { Scenario = scenario, Utilization = utilization, LatencyOverTime = latency }));
    }
}

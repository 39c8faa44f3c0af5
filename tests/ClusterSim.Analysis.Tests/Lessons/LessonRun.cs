using ClusterSim.Analysis.Tests.Charts;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Tests.Lessons;

/// <summary>Runs a lesson of scenarios/lessons in-process, as <c>clustersim run</c> would, with overrides.</summary>
internal static class LessonRun
{
    public static string PathOf(string file) => Path.Combine(SmallRun.RepoRoot, "scenarios", "lessons", file);

    public static Scenario Load(string file, params string[] sets) => ScenarioLoader.Load(PathOf(file), sets);

    public static ServingResult Run(string file, params string[] sets) => Run(file, observers: [], sets);

    public static ServingResult Run(string file, IReadOnlyList<IRunObserver> observers, params string[] sets)
    {
        var scenario = Load(file, sets);
        return ClusterRun.Execute(ScenarioCompiler.Compile(scenario), null, observers);
    }

    /// <summary>The one text class of a lesson.</summary>
    public static ClassMetrics Class(ServingResult result) => Assert.Single(result.Classes);

    public static double P99(Model.Metrics.LatencyHistogram h) => h.ValueAtPercentile(99) / 1e9;

    public static double MeanSeconds(Model.Metrics.LatencyHistogram h) => h.Mean / 1e9;
}

using ClusterSim.Engine.Core;
using ClusterSim.Model.Facility;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Requests;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using ClusterSim.Model.Runs;

namespace ClusterSim.Model.Tests.Serving.Facility;

/// <summary>Runs scenario text through the same path as `clustersim run` and keeps every request.</summary>
internal static class FacilityScenarioKit
{
    public static ScenarioRun Run(string yaml, params string[] sets) => Run(yaml, null, sets);

    /// <param name="observe">Called with the cluster before the run (for example to trace every event).</param>
    public static ScenarioRun Run(string yaml, Action<Simulation, ServingCluster>? observe, params string[] sets)
    {
        var scenario = ScenarioLoader.Parse(yaml, "facility-test.yaml", sets: sets);
        var compiled = ScenarioCompiler.Compile(scenario);
        var log = new RequestList();
        var run = ClusterRun.Prepare(compiled, observers: RunObservers.FromLog(log));
        var cluster = run.Cluster;
        observe?.Invoke(run.Simulation, cluster);
        var result = run.Run();
        return new ScenarioRun(result, cluster, log.Requests, compiled.Notes);
    }

    /// <summary>Nearest-rank percentile of <paramref name="values"/> (p in [0, 1]).</summary>
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public sealed record ScenarioRun(ServingResult Result, ServingCluster Cluster, IReadOnlyList<TextRequest> Requests, IReadOnlyList<string> Notes)
    {
        public FacilityResult Facility => Result.Facility ?? throw new InvalidOperationException("the run had no facility");

        public IReadOnlyList<double> TtftSeconds => Requests.Where(r => r.FirstTokenNs >= 0).Select(r => (r.FirstTokenNs - r.ArrivalNs) / 1e9).ToList();

        public IReadOnlyList<double> E2eSeconds => Requests.Where(r => r.CompletedNs >= 0).Select(r => (r.CompletedNs - r.ArrivalNs) / 1e9).ToList();
    }

    private sealed class RequestList : IRequestLog
    {
        public List<TextRequest> Requests { get; } = [];

        public void Write(TextRequest request, string className) => Requests.Add(request);
    }
}

using ClusterSim.Model.Performance;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Accuracy;

/// <summary>
/// What a case ran on, so the checks can be summarised by it: where is the model to be trusted? By accelerator (the
/// parts of the deployments that serve the measured workload), by stack (their efficiency entries' stacks, or the kind's
/// own kernels for a video, image or avatar workload) and by architecture (a dense transformer, a mixture of experts, or
/// the kind).
/// </summary>
public static class AccuracyGroups
{
    /// <summary>The groupings, in the order the reports give them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["accelerator", "stack", "architecture"];

    /// <summary>The case's value of each grouping (<see cref="Names"/>): several parts or stacks are joined with " + ".</summary>
    public static IReadOnlyDictionary<string, string> Describe(Scenario scenario, ServingResult run, string workload)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(run);
        var w = scenario.Workloads.First(x => x.Name == workload);
        var deployments = scenario.Deployments.Where(d => d.Model == w.Model).ToList();
        string Join(IEnumerable<string> values, string none) => values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() is { Count: > 0 } list ? string.Join(" + ", list) : none;
        var accelerator = Join(deployments.Select(d => scenario.Hardware.Nodes.First(n => n.Name == d.Nodes).Accelerator), "none");
        var stack = Join(run.Execution.Where(e => deployments.Any(d => d.Name == e.Deployment)).Select(e => e.Stack), $"{w.Kind} kernels");
        var architecture = ValidationRecord.Architecture(scenario.Model(w.Model));
        return new Dictionary<string, string>(StringComparer.Ordinal) { ["accelerator"] = accelerator, ["stack"] = stack, ["architecture"] = architecture };
    }

    /// <summary>The checks summarised per value of <paramref name="grouping"/>, most figures first; cases without the grouping are left out.</summary>
    public static IReadOnlyList<(string Group, AccuracySummary Checks)> Summaries(IReadOnlyList<AccuracyResult> results, string grouping)
    {
        ArgumentNullException.ThrowIfNull(results);
        return [.. results.Where(r => r.Measured.Role == MeasuredRole.Check && r.Groups.ContainsKey(grouping))
            .GroupBy(r => r.Groups[grouping], StringComparer.Ordinal)
            .Select(g => (g.Key, AccuracySummary.Of([.. g])[0]))
            .OrderByDescending(s => s.Item2.Figures).ThenBy(s => s.Key, StringComparer.Ordinal)];
    }
}

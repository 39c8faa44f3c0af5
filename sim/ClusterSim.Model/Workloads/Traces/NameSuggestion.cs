using ClusterSim.Scenarios.Yaml;

namespace ClusterSim.Model.Workloads.Traces;

/// <summary>"Did you mean" for column names: the scenario language's suggestion rule, so every message agrees.</summary>
internal static class NameSuggestion
{
    public static string Hint(string wanted, IEnumerable<string> candidates) => Suggest.Hint(wanted, candidates);
}

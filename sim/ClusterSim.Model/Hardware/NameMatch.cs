using ClusterSim.Scenarios.Yaml;

namespace ClusterSim.Model.Hardware;

/// <summary>"Did you mean" support: the scenario language's suggestion rule, so every message agrees.</summary>
internal static class NameMatch
{
    public static string? Nearest(string? wrong, IEnumerable<string> known)
        => string.IsNullOrWhiteSpace(wrong) ? null : Suggest.Closest(wrong.Trim(), known);
}

using ClusterSim.Scenarios.Yaml;

namespace ClusterSim.Scenarios;

/// <summary>
/// The software stacks the shipped efficiency files (scenarios/catalog/efficiency*.yaml) have a fit for, so a
/// scenario naming another one is told where it wrote it, with a "did you mean". The factors themselves are read by
/// ClusterSim.Model (Setup/EfficiencyCatalog); only the names are needed here.
/// </summary>
internal static class EfficiencyStacks
{
    private static readonly Lazy<IReadOnlyList<string>> s_known = new(Load);

    /// <summary>Stack names in file order; empty when the files are missing (then no name is refused here).</summary>
    public static IReadOnlyList<string> Known => s_known.Value;

    private static IReadOnlyList<string> Load()
    {
        var stacks = new List<string>();
        var order = 0;
        foreach (var file in new[] { "catalog/efficiency.yaml", "catalog/efficiency-serving.yaml" })
        {
            if (Catalog.Resource(file) is not { } text
                || YamlReader.Read(text, new Source(file, order++, catalog: true), new Diagnostics()) is not MappingNode root
                || root.Get("efficiency") is not MappingNode entries)
            {
                continue;
            }

            foreach (var entry in entries.Entries)
            {
                if (entry.Value is MappingNode fields && fields.Get("stack") is ScalarNode { Value: var stack } && !stacks.Contains(stack))
                {
                    stacks.Add(stack);
                }
            }
        }

        return stacks;
    }
}

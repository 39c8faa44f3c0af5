using ClusterSim.Scenarios.Binding;
using ClusterSim.Scenarios.Schema;
using ClusterSim.Scenarios.Yaml;

namespace ClusterSim.Scenarios;

/// <summary>
/// Reads scenario files. Every problem in a file (and in its <c>--set</c> overrides) is collected in one
/// pass and thrown together as a <see cref="ScenarioException"/>; no other exception comes out for bad input.
/// </summary>
public static class ScenarioLoader
{
    /// <summary>Name of the embedded default scenario, as shown in messages.</summary>
    public const string DefaultName = "default.yaml (embedded)";

    /// <summary>Loads and checks a scenario file.</summary>
    /// <param name="path">The file; relative file references inside it are resolved against its folder.</param>
    /// <param name="sets"><c>path=value</c> overrides, applied before checking.</param>
    /// <param name="catalog">Catalog for names; default <see cref="Catalog.Default"/>.</param>
    public static Scenario Load(string path, IReadOnlyList<string>? sets = null, Catalog? catalog = null)
    {
        var text = InputFile.Read(path, "scenario file");

        var full = Path.GetFullPath(path);
        return Check(text, path, Path.GetFileNameWithoutExtension(path), Path.GetDirectoryName(full), full, sets, catalog);
    }

    /// <summary>Checks scenario text; <paramref name="fileName"/> is used in error locations.</summary>
    /// <param name="baseDirectory">Folder that relative file references are resolved against; null forbids them.</param>
    public static Scenario Parse(
        string yaml,
        string fileName,
        string? baseDirectory = null,
        IReadOnlyList<string>? sets = null,
        Catalog? catalog = null)
        => Check(yaml, fileName, Path.GetFileNameWithoutExtension(fileName), baseDirectory, null, sets, catalog);

    /// <summary>The scenario <c>clustersim run</c> uses without a file: chat on one 8x H100 node.</summary>
    public static Scenario LoadDefault(IReadOnlyList<string>? sets = null)
        => Check(DefaultYaml, DefaultName, "default", null, null, sets, null);

    /// <summary>Text of the embedded default scenario (scenarios/default.yaml).</summary>
    public static string DefaultYaml
        => Catalog.Resource("default.yaml") ?? throw new InvalidOperationException("default.yaml is not embedded in ClusterSim.Scenarios");

    /// <param name="fileName">As shown in error locations (the embedded default's has words after the name).</param>
    /// <param name="defaultName">Scenario name when the file gives none; passed, not parsed out of <paramref name="fileName"/>, so a path with spaces keeps its whole name.</param>
    private static Scenario Check(
        string yaml, string fileName, string defaultName, string? baseDirectory, string? sourcePath, IReadOnlyList<string>? sets, Catalog? catalog)
    {
        var diagnostics = new Diagnostics();
        var root = YamlReader.Read(yaml, new Source(fileName, 0), diagnostics);
        if (root is MappingNode mapping && sets is { Count: > 0 })
        {
            Overrides.Apply(mapping, sets, diagnostics);
        }

        Scenario? scenario = null;
        if (root is not null)
        {
            var ctx = new CheckContext(diagnostics);
            ScenarioSchema.Root.Check(root, "", ctx);
            if (root is MappingNode checkedRoot)
            {
                scenario = new ScenarioBinder(new Values(ctx), catalog ?? Catalog.Default, baseDirectory).Bind(checkedRoot, defaultName, sourcePath);
                if (scenario is not null)
                {
                    scenario = scenario with { Locations = ScenarioLocations.From(ctx.Paths) };
                }
            }
        }

        diagnostics.ThrowIfAny();
        return scenario ?? throw new InvalidOperationException("a scenario without errors failed to bind");
    }
}

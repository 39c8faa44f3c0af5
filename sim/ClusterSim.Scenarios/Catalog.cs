using System.Reflection;
using ClusterSim.Scenarios.Binding;
using ClusterSim.Scenarios.Schema;
using ClusterSim.Scenarios.Yaml;

namespace ClusterSim.Scenarios;

/// <summary>
/// Named accelerators and models that scenarios refer to, each figure with its source
/// (<c>scenarios/catalog/*.yaml</c>, embedded in this assembly so any working directory will do).
/// </summary>
public sealed class Catalog
{
    private static readonly Lazy<Catalog> _default = new(LoadEmbedded);

    private readonly Dictionary<string, (AcceleratorSpec Spec, MappingNode Node)> _accelerators;
    private readonly Dictionary<string, (ModelSpec Spec, MappingNode Node)> _models;

    private Catalog(
        Dictionary<string, (AcceleratorSpec, MappingNode)> accelerators,
        Dictionary<string, (ModelSpec, MappingNode)> models,
        IReadOnlyList<string> acceleratorOrder,
        IReadOnlyList<string> modelOrder)
    {
        _accelerators = accelerators;
        _models = models;
        Accelerators = acceleratorOrder.Select(k => _accelerators[k].Spec).ToList();
        Models = modelOrder.Select(k => _models[k].Spec).ToList();
    }

    /// <summary>The catalog shipped with ClusterSim. Throws <see cref="ScenarioException"/> if the shipped files are malformed.</summary>
    public static Catalog Default => _default.Value;

    public static Catalog Empty { get; } = new([], [], [], []);

    /// <summary>In file order.</summary>
    public IReadOnlyList<AcceleratorSpec> Accelerators { get; }

    /// <summary>In file order.</summary>
    public IReadOnlyList<ModelSpec> Models { get; }

    public AcceleratorSpec? FindAccelerator(string key) => _accelerators.TryGetValue(key, out var a) ? a.Spec : null;

    public ModelSpec? FindModel(string key) => _models.TryGetValue(key, out var m) ? m.Spec : null;

    internal MappingNode? AcceleratorNode(string key) => _accelerators.TryGetValue(key, out var a) ? a.Node : null;

    internal MappingNode? ModelNode(string key) => _models.TryGetValue(key, out var m) ? m.Node : null;

    internal IEnumerable<string> AcceleratorKeys => _accelerators.Keys;

    internal IEnumerable<string> ModelKeys => _models.Keys;

    /// <summary>Reads catalog files from disk (for tests and for trying out a changed catalog).</summary>
    public static Catalog Load(string acceleratorsPath, string modelsPath)
        => Parse(ReadText(acceleratorsPath), ReadText(modelsPath), acceleratorsPath, modelsPath);

    /// <summary>Reads catalogs from text; the names are used in error locations.</summary>
    public static Catalog Parse(string acceleratorsYaml, string modelsYaml, string acceleratorsName = "accelerators.yaml", string modelsName = "models.yaml")
    {
        var diagnostics = new Diagnostics();
        var ctx = new CheckContext(diagnostics);
        var values = new Values(ctx);

        var accelerators = new Dictionary<string, (AcceleratorSpec, MappingNode)>();
        var acceleratorOrder = new List<string>();
        foreach (var (key, node) in Entries(acceleratorsYaml, new Source(acceleratorsName, 0, catalog: true), CatalogSchema.Accelerators, "accelerators", ctx))
        {
            if (SpecBinder.Accelerator(key, node, values) is { } spec)
            {
                accelerators[key] = (spec, node);
                acceleratorOrder.Add(key);
            }
        }

        ResolveSiblings(accelerators, ctx);

        var models = new Dictionary<string, (ModelSpec, MappingNode)>();
        var modelOrder = new List<string>();
        foreach (var (key, node) in Entries(modelsYaml, new Source(modelsName, 1, catalog: true), CatalogSchema.Models, "models", ctx))
        {
            if (SpecBinder.Model(key, node, values) is { } spec)
            {
                models[key] = (spec, node);
                modelOrder.Add(key);
            }
        }

        diagnostics.ThrowIfAny();
        return new Catalog(accelerators, models, acceleratorOrder, modelOrder);
    }

    /// <summary>
    /// Each entry's <c>same_silicon_as</c> names another entry of the file, whose own measured shares fill those it
    /// lacks (one step: a sibling's borrowed shares are not passed on).
    /// </summary>
    private static void ResolveSiblings(Dictionary<string, (AcceleratorSpec Spec, MappingNode Node)> accelerators, CheckContext ctx)
    {
        var measured = accelerators.ToDictionary(kv => kv.Key, kv => kv.Value.Spec);
        foreach (var key in accelerators.Keys.ToList())
        {
            var (spec, node) = accelerators[key];
            if (spec.SameSiliconAs is not { } sibling)
            {
                continue;
            }

            var path = $"accelerators.{key}.same_silicon_as";
            var at = node.Get("same_silicon_as") ?? node;
            if (sibling == key)
            {
                ctx.Error(at, path, AcceleratorSpec.OwnSiliconError);
            }
            else if (!measured.TryGetValue(sibling, out var other))
            {
                ctx.Error(at, path, $"expected a catalog accelerator, got '{sibling}'" + Suggest.Hint(sibling, measured.Keys.ToList()));
            }
            else
            {
                accelerators[key] = (spec.WithSiblingShares(other), node);
            }
        }
    }

    private static IEnumerable<(string Key, MappingNode Node)> Entries(string yaml, Source source, ObjectShape shape, string section, CheckContext ctx)
    {
        var root = YamlReader.Read(yaml, source, ctx.Diagnostics);
        if (root is null)
        {
            return [];
        }

        var before = ctx.Diagnostics.Count;
        shape.Check(root, "", ctx);
        if (ctx.Diagnostics.Count > before || root is not MappingNode mapping || mapping.Get(section) is not MappingNode entries)
        {
            return [];
        }

        return entries.Entries
            .Where(e => e.Value is MappingNode)
            .Select(e => (e.Key.Value, (MappingNode)e.Value))
            .ToList();
    }

    private static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioException([new ScenarioError(path, 0, 0, $"cannot read the catalog: {ex.Message}")]);
        }
    }

    private static Catalog LoadEmbedded()
    {
        var accelerators = Resource("catalog/accelerators.yaml");
        var models = Resource("catalog/models.yaml");

        // Until both files exist (a fresh checkout mid-development), the catalog is simply empty and
        // every name lookup reports "unknown", rather than the program failing to start.
        return accelerators is null || models is null
            ? Empty
            : Parse(accelerators, models, "catalog/accelerators.yaml", "catalog/models.yaml");
    }

    internal static string? Resource(string name)
    {
        using var stream = typeof(Catalog).Assembly.GetManifestResourceStream(name);
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

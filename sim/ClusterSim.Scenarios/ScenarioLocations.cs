using ClusterSim.Scenarios.Yaml;

namespace ClusterSim.Scenarios;

/// <summary>
/// Where each key of a checked scenario was written, by its dotted path (<c>deployments.serve.tp</c>), so a stage
/// after the loader (the compiler, which reads records, not YAML) can still report a problem as <c>file:line:col</c>.
/// </summary>
public sealed class ScenarioLocations
{
    private readonly Dictionary<string, (string File, int Line, int Column)> _at;

    private ScenarioLocations(Dictionary<string, (string File, int Line, int Column)> at) => _at = at;

    /// <summary>No locations: a scenario built in code. <see cref="Error"/> then points at the whole scenario.</summary>
    public static ScenarioLocations None { get; } = new([]);

    /// <summary>Whether the key at <paramref name="path"/> was written (in the file, a catalog or a <c>--set</c>).</summary>
    public bool Contains(string path) => _at.ContainsKey(path);

    /// <summary>
    /// An error at <paramref name="path"/>, or at the nearest enclosing key that was written (a default filled in by
    /// the loader has no place of its own; its owner does); at the whole file (line 0) when nothing on the path was.
    /// </summary>
    /// <param name="file">The file to name when nothing on the path has a location.</param>
    public ScenarioError Error(string path, string message, string file)
    {
        for (var p = path; p.Length > 0; p = p.LastIndexOf('.') is var dot and > 0 ? p[..dot] : "")
        {
            if (_at.TryGetValue(p, out var at))
            {
                return new ScenarioError(at.File, at.Line, at.Column, message);
            }
        }

        return new ScenarioError(file, 0, 0, message);
    }

    /// <summary>
    /// From the checker's node paths. A mapping is located at the key that owns it (<c>serve:</c>), as a missing key is;
    /// where one path has several nodes (a catalog entry merged with a scenario's overrides, a key a <c>--set</c>
    /// replaced), what the user wrote last wins: a <c>--set</c> over the file, the file over a catalog.
    /// </summary>
    internal static ScenarioLocations From(IReadOnlyDictionary<Node, string> paths)
    {
        var best = new Dictionary<string, (int Rank, (string, int, int) At)>();
        foreach (var (node, path) in paths)
        {
            var at = node is MappingNode or SequenceNode && node.OwnerKey is { } key ? key : node;
            var rank = at.Source.IsCatalog ? -1 : at.Source.Order;
            if (at.Line < 1 || (best.TryGetValue(path, out var known) && known.Rank >= rank))
            {
                continue;
            }

            best[path] = (rank, (at.Source.Name, at.Line, at.Column));
        }

        return new ScenarioLocations(best.ToDictionary(p => p.Key, p => p.Value.At));
    }
}

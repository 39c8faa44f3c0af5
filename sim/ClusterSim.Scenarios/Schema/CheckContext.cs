using ClusterSim.Scenarios.Yaml;

namespace ClusterSim.Scenarios.Schema;

/// <summary>State of one check pass: errors, and for each node its path and (for mappings) the shape it matched.</summary>
internal sealed class CheckContext(Diagnostics diagnostics)
{
    public Diagnostics Diagnostics { get; } = diagnostics;

    public Dictionary<Node, string> Paths { get; } = new(ReferenceEqualityComparer.Instance);

    public Dictionary<MappingNode, ObjectShape> Shapes { get; } = new(ReferenceEqualityComparer.Instance);

    public void Error(Node node, string path, string message) => Diagnostics.Error(node, Prefix(path) + message);

    public void ErrorAtOwner(Node node, string path, string message)
    {
        Diagnostics.ErrorAtOwner(node, Prefix(path) + message);
        Diagnostics.MarkBad(node);
    }

    public static string Prefix(string path) => path.Length == 0 ? "" : path + ": ";

    public static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;
}

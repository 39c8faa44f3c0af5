namespace ClusterSim.Scenarios.Yaml;

/// <summary>
/// A YAML node with its location. We build our own small tree from the parser's events (rather than
/// YamlDotNet's representation model) so duplicate keys, aliases and nesting depth are all reported
/// as located errors instead of exceptions, and so --set and catalog merges can splice nodes from
/// other sources while each keeps its own location.
/// </summary>
internal abstract class Node(Source source, int line, int column)
{
    public Source Source { get; } = source;

    /// <summary>1-based line of the node's first character.</summary>
    public int Line { get; } = line;

    /// <summary>1-based column of the node's first character.</summary>
    public int Column { get; } = column;

    /// <summary>The key this node is the value of, if any: the natural place to report "missing" errors.</summary>
    public ScalarNode? OwnerKey { get; set; }

    public abstract string Describe();
}

internal sealed class ScalarNode(Source source, int line, int column, string value, bool plain)
    : Node(source, line, column)
{
    public string Value { get; } = value;

    /// <summary>Unquoted: the YAML 1.2 core schema decides whether it is null, a boolean, a number or a string.</summary>
    public bool IsPlain { get; } = plain;

    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string Describe() => IsNull ? "nothing" : $"'{Value}'";
}

internal sealed class MappingNode(Source source, int line, int column) : Node(source, line, column)
{
    public List<MappingEntry> Entries { get; } = [];

    public MappingEntry? Find(string key)
    {
        foreach (var entry in Entries)
        {
            if (entry.Key.Value == key)
            {
                return entry;
            }
        }

        return null;
    }

    public Node? Get(string key) => Find(key)?.Value;

    public override string Describe() => "a mapping";
}

internal sealed class MappingEntry(ScalarNode key, Node value)
{
    public ScalarNode Key { get; } = key;

    public Node Value { get; set; } = value;
}

internal sealed class SequenceNode(Source source, int line, int column) : Node(source, line, column)
{
    public List<Node> Items { get; } = [];

    public override string Describe() => "a list";
}

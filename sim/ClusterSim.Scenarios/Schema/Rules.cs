using System.Text.Json.Nodes;
using ClusterSim.Scenarios.Yaml;

namespace ClusterSim.Scenarios.Schema;

/// <summary>A constraint across keys of one mapping.</summary>
internal abstract class Rule
{
    public abstract void Check(MappingNode mapping, string path, CheckContext ctx);

    /// <summary>The JSON Schema form, or null where JSON Schema cannot say it (then only the loader checks).</summary>
    public abstract JsonObject? Emit();

    protected static JsonArray Names(IEnumerable<string> keys) => new(keys.Select(k => (JsonNode)JsonValue.Create(k)!).ToArray());

    protected static string List(IReadOnlyList<string> keys)
        => keys.Count == 2 ? $"'{keys[0]}' or '{keys[1]}'" : string.Join(", ", keys.Select(k => $"'{k}'"));

    /// <summary>A usable number or duration, or null when absent or already reported bad.</summary>
    protected static double? Value(MappingNode mapping, string key, CheckContext ctx)
    {
        var node = mapping.Get(key);
        if (node is not ScalarNode scalar || ctx.Diagnostics.IsBad(node))
        {
            return null;
        }

        return Durations.TryParse(scalar, out var value) ? value : null;
    }

    /// <summary>
    /// Of two clashing nodes, the one where the reader meets the clash: the scenario is read after the
    /// catalog it overrides and --set arguments after the file, so source comes before line and column.
    /// Comparing lines alone across files would point into a catalog file the user never edited.
    /// </summary>
    protected static Node Later(Node a, Node b)
    {
        static (bool, int, int, int) Rank(Node n) => (!n.Source.IsCatalog, n.Source.Order, n.Line, n.Column);
        return Rank(a).CompareTo(Rank(b)) > 0 ? a : b;
    }
}

/// <summary>At least one of the keys (a run ends after a duration, a request count, or both).</summary>
internal sealed class AtLeastOne(params string[] keys) : Rule
{
    public override void Check(MappingNode mapping, string path, CheckContext ctx)
    {
        if (!mapping.Entries.Any(e => keys.Contains(e.Key.Value)))
        {
            ctx.ErrorAtOwner(mapping, path, $"needs {List(keys)} (or both)");
        }
    }

    public override JsonObject Emit()
        => new() { ["anyOf"] = new JsonArray(keys.Select(k => (JsonNode)new JsonObject { ["required"] = Names([k]) }).ToArray()) };
}

/// <summary>At least one key of a mapping whose keys are all optional (a list of figures that must not be empty).</summary>
internal sealed class NotEmpty(string noun) : Rule
{
    public override void Check(MappingNode mapping, string path, CheckContext ctx)
    {
        if (mapping.Entries.Count == 0)
        {
            ctx.ErrorAtOwner(mapping, path, $"needs at least one {noun}");
        }
    }

    public override JsonObject Emit() => new() { ["minProperties"] = 1 };
}

/// <summary>Exactly one of two keys (a figure given one way or the other).</summary>
internal sealed class ExactlyOne(string first, string second) : Rule
{
    public override void Check(MappingNode mapping, string path, CheckContext ctx)
    {
        var a = mapping.Find(first);
        var b = mapping.Find(second);
        if (a is null && b is null)
        {
            ctx.ErrorAtOwner(mapping, path, $"needs one of '{first}' or '{second}'");
        }
        else if (a is not null && b is not null)
        {
            ctx.Error(Later(a.Key, b.Key), path, $"give only one of '{first}' or '{second}', not both");
        }
    }

    public override JsonObject Emit()
        => new() { ["oneOf"] = new JsonArray(new JsonObject { ["required"] = Names([first]) }, new JsonObject { ["required"] = Names([second]) }) };
}

/// <summary>Two keys that exclude each other.</summary>
internal sealed class NotBoth(string first, string second) : Rule
{
    public override void Check(MappingNode mapping, string path, CheckContext ctx)
    {
        var a = mapping.Find(first);
        var b = mapping.Find(second);
        if (a is not null && b is not null)
        {
            ctx.Error(Later(a.Key, b.Key), path, $"give only one of '{first}' or '{second}', not both");
        }
    }

    public override JsonObject Emit() => new() { ["not"] = new JsonObject { ["required"] = Names([first, second]) } };
}

/// <summary>
/// An order between two numeric keys (min before max). Which key is reported: the second, where the
/// reader notices the clash. JSON Schema cannot compare two values, so only the loader checks this.
/// </summary>
internal sealed class Ordered(string low, string high, bool strict) : Rule
{
    public override void Check(MappingNode mapping, string path, CheckContext ctx)
    {
        if (Value(mapping, low, ctx) is not { } a || Value(mapping, high, ctx) is not { } b)
        {
            return;
        }

        if (strict ? a >= b : a > b)
        {
            // Reported where the reader meets the clash: at whichever of the two comes later.
            var lowNode = mapping.Find(low)!.Value;
            var highNode = mapping.Find(high)!.Value;
            var at = Later(lowNode, highNode);
            var relation = strict ? "greater than" : "at least";
            ctx.Error(at, path, $"'{high}' ({((ScalarNode)highNode).Value}) must be {relation} '{low}' ({((ScalarNode)lowNode).Value})");
        }
    }

    public override JsonObject? Emit() => null;
}

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
}

/// <summary>Exactly one of the keys (e.g. a video's length in seconds or in frames).</summary>
internal sealed class ExactlyOne(params string[] keys) : Rule
{
    public override void Check(MappingNode mapping, string path, CheckContext ctx)
    {
        var present = mapping.Entries.Where(e => keys.Contains(e.Key.Value)).ToList();
        if (present.Count == 0)
        {
            ctx.ErrorAtOwner(mapping, path, $"needs one of {List(keys)}");
        }
        else if (present.Count > 1)
        {
            ctx.Error(present[1].Key, path, $"give only one of {List(keys)}, not both");
        }
    }

    public override JsonObject Emit()
        => new() { ["oneOf"] = new JsonArray(keys.Select(k => (JsonNode)new JsonObject { ["required"] = Names([k]) }).ToArray()) };
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

/// <summary>Two keys that exclude each other.</summary>
internal sealed class NotBoth(string first, string second) : Rule
{
    public override void Check(MappingNode mapping, string path, CheckContext ctx)
    {
        var a = mapping.Find(first);
        var b = mapping.Find(second);
        if (a is not null && b is not null)
        {
            var later = a.Key.Line > b.Key.Line || (a.Key.Line == b.Key.Line && a.Key.Column > b.Key.Column) ? a : b;
            ctx.Error(later.Key, path, $"give only one of '{first}' or '{second}', not both");
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
            var at = (lowNode.Line, lowNode.Column).CompareTo((highNode.Line, highNode.Column)) > 0 ? lowNode : highNode;
            var relation = strict ? "greater than" : "at least";
            ctx.Error(at, path, $"'{high}' ({((ScalarNode)highNode).Value}) must be {relation} '{low}' ({((ScalarNode)lowNode).Value})");
        }
    }

    public override JsonObject? Emit() => null;
}

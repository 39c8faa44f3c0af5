using ClusterSim.Scenarios.Schema;
using ClusterSim.Scenarios.Yaml;

namespace ClusterSim.Scenarios.Binding;

/// <summary>
/// Reads checked values out of a checked tree. A key that is absent yields its declared default;
/// a value already reported bad yields null, so binding skips it instead of adding follow-on errors.
/// </summary>
internal sealed class Values(CheckContext ctx)
{
    public CheckContext Ctx => ctx;

    public Diagnostics Diagnostics => ctx.Diagnostics;

    public string PathOf(Node node) => ctx.Paths.TryGetValue(node, out var path) ? path : "";

    public void Error(Node node, string message) => ctx.Error(node, PathOf(node), message);

    /// <summary>The value node under a key, or null when absent or bad.</summary>
    public Node? Node(MappingNode? mapping, string key)
    {
        var node = mapping?.Get(key);
        return node is null || ctx.Diagnostics.IsBad(node) ? null : node;
    }

    public MappingNode? Mapping(MappingNode? mapping, string key) => Node(mapping, key) as MappingNode;

    public bool Has(MappingNode? mapping, string key) => mapping?.Get(key) is not null;

    public double? Num(MappingNode? mapping, string key)
    {
        var node = Node(mapping, key);
        if (node is ScalarNode scalar)
        {
            return Durations.TryParse(scalar, out var value) ? value : null;
        }

        return mapping is not null && !Has(mapping, key) ? DefaultNumber(mapping, key) : null;
    }

    /// <summary>
    /// An integer key. The schema bounds every integer (Build.Int, Build.Long) and reports what is out of
    /// range, so a value that does not fit is never clamped into one the user did not write: it reads as bad.
    /// </summary>
    public int? Int(MappingNode? mapping, string key) => Num(mapping, key) is { } v && FitsInt(v) ? (int)v : null;

    public long? Long(MappingNode? mapping, string key)
        => Num(mapping, key) is { } v && Math.Floor(v) == v && Math.Abs(v) <= Build.MaxExactLong ? (long)v : null;

    /// <summary>A number under a key that only some shapes declare (SLO targets differ by class); null where undeclared.</summary>
    public double? NumIfDeclared(MappingNode mapping, string key)
        => ctx.Shapes.TryGetValue(mapping, out var shape) && shape.Find(key) is not null ? Num(mapping, key) : null;

    /// <summary>Durations are read like numbers: both come out in seconds.</summary>
    public double? Seconds(MappingNode? mapping, string key) => Num(mapping, key);

    public string? Str(MappingNode? mapping, string key)
    {
        var node = Node(mapping, key);
        if (node is ScalarNode { IsNull: false } scalar)
        {
            return scalar.Value;
        }

        return mapping is not null && !Has(mapping, key) ? Default(mapping, key) as string : null;
    }

    /// <summary>A list of integers; like <see cref="Int"/>, an item that does not fit an int makes the list bad rather than clamped.</summary>
    public IReadOnlyList<int>? Ints(MappingNode? mapping, string key)
        => Node(mapping, key) is SequenceNode seq && seq.Items.All(i => i is ScalarNode s && !ctx.Diagnostics.IsBad(s) && Scalars.IsNumber(s, out var v) && FitsInt(v))
            ? seq.Items.Select(i => Scalars.IsNumber((ScalarNode)i, out var v) ? (int)v : 0).ToList()
            : null;

    public IReadOnlyList<string>? Strs(MappingNode? mapping, string key)
    {
        var node = mapping?.Get(key);
        if (node is null)
        {
            return mapping is not null ? Default(mapping, key) as string[] : null;
        }

        return !ctx.Diagnostics.IsBad(node) && node is SequenceNode seq && seq.Items.All(i => i is ScalarNode s && !ctx.Diagnostics.IsBad(s))
            ? seq.Items.Select(i => ((ScalarNode)i).Value).ToList()
            : null;
    }

    public Resolution? Resolution(MappingNode? mapping, string key)
        => Ints(mapping, key) is [var w, var h] ? new Resolution(w, h) : null;

    /// <summary>The declared default of a key of a checked mapping.</summary>
    public object? Default(MappingNode mapping, string key)
    {
        if (!ctx.Shapes.TryGetValue(mapping, out var shape))
        {
            return null;
        }

        // A key this mapping's shape does not declare (a union checked as its nearest variant) has no default.
        return shape.Find(key)?.Default;
    }

    /// <summary>A declared default as a number in seconds or units: defaults are written as double, long, int or a duration string.</summary>
    public static double? NumberOf(object? value) => value switch
    {
        double d => d,
        long l => l,
        int i => i,
        string s when Durations.TryParse(s, out var seconds) => seconds,
        _ => null,
    };

    private double? DefaultNumber(MappingNode mapping, string key) => NumberOf(Default(mapping, key));

    private static bool FitsInt(double value) => Math.Floor(value) == value && value is >= int.MinValue and <= int.MaxValue;
}

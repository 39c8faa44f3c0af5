using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ClusterSim.Scenarios.Yaml;

namespace ClusterSim.Scenarios.Schema;

/// <summary>A number, optionally an integer, optionally bounded.</summary>
internal sealed class NumberShape : Shape
{
    public bool Integer { get; init; }

    public double? Min { get; init; }

    /// <summary>Min is exclusive: the value must be greater than it.</summary>
    public bool MinExclusive { get; init; }

    public double? Max { get; init; }

    public override string Expected => Integer ? "an integer" : "a number";

    public override void Check(Node node, string path, CheckContext ctx)
    {
        ctx.Paths[node] = path;
        if (node is not ScalarNode scalar)
        {
            TypeError(node, path, ctx);
            return;
        }

        if (!Scalars.IsNumber(scalar, out var value))
        {
            var hint = !scalar.IsPlain && double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                ? " (remove the quotes)"
                : Durations.TryParse(scalar.Value, out _) ? " (this key takes a plain number, without a unit)" : "";
            ctx.Error(node, path, $"expected {Expected}, got {Got(node)}{hint}");
            return;
        }

        if (!double.IsFinite(value))
        {
            ctx.Error(node, path, $"expected a finite number, got {Got(node)}");
            return;
        }

        if (Integer && Math.Floor(value) != value)
        {
            ctx.Error(node, path, $"expected an integer, got {Got(node)}");
            return;
        }

        var range = Range.Check(value, Min, MinExclusive, Max, v => Fmt(v));
        if (range is not null)
        {
            ctx.Error(node, path, $"{range}, got {scalar.Value}");
        }
    }

    public override JsonObject Emit(SchemaEmitter emitter)
    {
        var schema = new JsonObject { ["type"] = Integer ? "integer" : "number" };
        Range.Emit(schema, Min, MinExclusive, Max);
        return schema;
    }

    /// <summary>Whole numbers in full (a 15-digit format would show 2^53 as 9007199254740990), others to six decimals.</summary>
    internal static string Fmt(double value)
        => Math.Floor(value) == value && Math.Abs(value) < 1e18
            ? ((long)value).ToString(CultureInfo.InvariantCulture)
            : value.ToString("0.######", CultureInfo.InvariantCulture);
}

/// <summary>A duration: a plain number of seconds, or a string with a unit such as 250ms.</summary>
internal sealed class DurationShape : Shape
{
    public double? Min { get; init; }

    public bool MinExclusive { get; init; }

    public double? Max { get; init; }

    public override string Expected => "a duration (seconds, or a string such as 250ms, 1.5s, 2m, 1h)";

    public override void Check(Node node, string path, CheckContext ctx)
    {
        ctx.Paths[node] = path;
        if (node is not ScalarNode scalar || !Durations.TryParse(scalar, out var seconds))
        {
            TypeError(node, path, ctx);
            return;
        }

        var range = Range.Check(seconds, Min, MinExclusive, Max, Durations.Format);
        if (range is not null)
        {
            ctx.Error(node, path, $"{range}, got {scalar.Value}");
        }
    }

    public override JsonObject Emit(SchemaEmitter emitter)
    {
        var number = new JsonObject { ["type"] = "number" };
        Range.Emit(number, Min, MinExclusive, Max);
        return new JsonObject
        {
            ["anyOf"] = new JsonArray(number, new JsonObject { ["type"] = "string", ["pattern"] = Durations.Pattern }),
        };
    }
}

/// <summary>Text; optionally matching a pattern (names).</summary>
internal sealed class StringShape : Shape
{
    public string? Pattern { get; init; }

    /// <summary>Says in words what the pattern allows.</summary>
    public string? PatternHint { get; init; }

    public override string Expected => "a string";

    public override void Check(Node node, string path, CheckContext ctx)
    {
        ctx.Paths[node] = path;
        if (node is not ScalarNode scalar || !Scalars.IsString(scalar))
        {
            var hint = node is ScalarNode { IsNull: false } s ? $" (a {Scalars.Kind(s)}; put it in quotes to make it text)" : "";
            ctx.Error(node, path, $"expected {Expected}, got {Got(node)}{hint}");
            return;
        }

        if (Pattern is not null && !Regex.IsMatch(scalar.Value, Pattern))
        {
            ctx.Error(node, path, $"'{scalar.Value}' is not valid here: {PatternHint}");
        }
    }

    public override JsonObject Emit(SchemaEmitter emitter)
    {
        var schema = new JsonObject { ["type"] = "string" };
        if (Pattern is not null)
        {
            schema["pattern"] = Pattern;
        }

        return schema;
    }
}

/// <summary>One of a fixed set of words.</summary>
internal sealed class EnumShape(IReadOnlyList<string> values) : Shape
{
    public IReadOnlyList<string> Values { get; } = values;

    public override string Expected => "one of " + string.Join(", ", Values);

    public override void Check(Node node, string path, CheckContext ctx)
    {
        ctx.Paths[node] = path;
        if (node is not ScalarNode scalar || scalar.IsNull)
        {
            TypeError(node, path, ctx);
            return;
        }

        if (!Scalars.IsString(scalar) || !Values.Contains(scalar.Value))
        {
            ctx.Error(node, path, $"'{scalar.Value}' is not one of {string.Join(", ", Values)}{Suggest.Hint(scalar.Value, Values)}");
        }
    }

    public override JsonObject Emit(SchemaEmitter emitter)
        => new() { ["type"] = "string", ["enum"] = new JsonArray(Values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray()) };
}

/// <summary>Range checks and their JSON Schema keywords, shared by numbers and durations.</summary>
internal static class Range
{
    public static string? Check(double value, double? min, bool minExclusive, double? max, Func<double, string> fmt)
    {
        if (min is { } lo && (minExclusive ? value <= lo : value < lo))
        {
            return minExclusive ? $"must be greater than {fmt(lo)}" : $"must be at least {fmt(lo)}";
        }

        if (max is { } hi && value > hi)
        {
            return $"must be at most {fmt(hi)}";
        }

        return null;
    }

    public static void Emit(JsonObject schema, double? min, bool minExclusive, double? max)
    {
        if (min is { } lo)
        {
            schema[minExclusive ? "exclusiveMinimum" : "minimum"] = lo;
        }

        if (max is { } hi)
        {
            schema["maximum"] = hi;
        }
    }
}

/// <summary>A number, or one of a few words that stand for a value the run derives (<c>max_tokens: context</c>).</summary>
internal sealed class NumberOrWordShape(NumberShape number, IReadOnlyList<string> words) : Shape
{
    public override string Expected => $"{number.Expected} or {string.Join(" or ", words.Select(w => $"'{w}'"))}";

    public override void Check(Node node, string path, CheckContext ctx)
    {
        ctx.Paths[node] = path;
        if (node is ScalarNode { IsNull: false } scalar && Scalars.IsString(scalar) && !Scalars.IsNumber(scalar, out _))
        {
            if (!words.Contains(scalar.Value))
            {
                ctx.Error(node, path, $"expected {Expected}, got {Got(node)}{Suggest.Hint(scalar.Value, words)}");
            }

            return;
        }

        number.Check(node, path, ctx);
    }

    public override JsonObject Emit(SchemaEmitter emitter)
        => new()
        {
            ["anyOf"] = new JsonArray(
                number.Emit(emitter),
                new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(words.Select(w => (JsonNode)JsonValue.Create(w)!).ToArray()) }),
        };
}

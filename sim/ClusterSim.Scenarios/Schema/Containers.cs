using System.Text.Json.Nodes;
using ClusterSim.Scenarios.Yaml;

namespace ClusterSim.Scenarios.Schema;

/// <summary>Named entries (workloads, node groups, deployments): a mapping from a name to a value.</summary>
internal sealed class MapShape(Shape value, string noun) : Shape
{
    public const string NamePattern = "^[A-Za-z0-9][A-Za-z0-9._-]*$";

    public Shape Value { get; } = value;

    public string Noun { get; } = noun;

    public int MinEntries { get; init; }

    public override string Expected => $"a mapping of {Noun} names";

    public override void Check(Node node, string path, CheckContext ctx)
    {
        ctx.Paths[node] = path;
        if (node is not MappingNode mapping)
        {
            TypeError(node, path, ctx);
            return;
        }

        if (mapping.Entries.Count < MinEntries)
        {
            ctx.ErrorAtOwner(mapping, path, $"needs at least one {Noun}");
        }

        foreach (var entry in mapping.Entries)
        {
            var name = entry.Key.Value;
            if (!System.Text.RegularExpressions.Regex.IsMatch(name, NamePattern))
            {
                ctx.Error(entry.Key, path, $"'{name}' is not a valid {Noun} name: use letters, digits, '.', '_' and '-', starting with a letter or digit");
                ctx.Diagnostics.MarkBad(entry.Value);
                continue;
            }

            if (!ctx.Diagnostics.IsBad(entry.Value))
            {
                Value.Check(entry.Value, CheckContext.Join(path, name), ctx);
            }
        }
    }

    public override JsonObject Emit(SchemaEmitter emitter)
    {
        var schema = new JsonObject
        {
            ["type"] = "object",
            ["propertyNames"] = new JsonObject { ["pattern"] = NamePattern },
            ["additionalProperties"] = emitter.Ref(Value),
        };
        if (MinEntries > 0)
        {
            schema["minProperties"] = MinEntries;
        }

        return schema;
    }
}

/// <summary>A list of values of one shape, optionally of fixed length ([width, height]).</summary>
internal sealed class ListShape(Shape item) : Shape
{
    public Shape Item { get; } = item;

    public int MinItems { get; init; }

    public int? MaxItems { get; init; }

    public override string Expected => MaxItems is { } max && max == MinItems
        ? $"a list of {max} values"
        : "a list";

    public override void Check(Node node, string path, CheckContext ctx)
    {
        ctx.Paths[node] = path;
        if (node is not SequenceNode sequence)
        {
            TypeError(node, path, ctx);
            return;
        }

        var count = sequence.Items.Count;
        if (count < MinItems || (MaxItems is { } max && count > max))
        {
            var wanted = MaxItems == MinItems ? $"{MinItems}" : MaxItems is null ? $"at least {MinItems}" : $"{MinItems} to {MaxItems}";
            ctx.Error(node, path, $"expected {wanted} values, got {count}");
            return;
        }

        for (var i = 0; i < count; i++)
        {
            if (!ctx.Diagnostics.IsBad(sequence.Items[i]))
            {
                Item.Check(sequence.Items[i], $"{path}[{i}]", ctx);
            }
        }
    }

    public override JsonObject Emit(SchemaEmitter emitter)
    {
        var schema = new JsonObject { ["type"] = "array", ["items"] = emitter.Ref(Item) };
        if (MinItems > 0)
        {
            schema["minItems"] = MinItems;
        }

        if (MaxItems is { } max)
        {
            schema["maxItems"] = max;
        }

        return schema;
    }
}

/// <summary>
/// One of several shapes told apart by the node's type: a short scalar form (<c>output_tokens: 256</c>)
/// beside the full mapping form (<c>{kind: lognormal, mean: 256, cv: 1}</c>).
/// </summary>
internal sealed class AltShape : Shape
{
    public Shape? Scalar { get; init; }

    public Shape? Mapping { get; init; }

    public Shape? Sequence { get; init; }

    public override string Expected
        => string.Join(" or ", new[] { Scalar, Mapping, Sequence }.OfType<Shape>().Select(s => s.Expected));

    public override void Check(Node node, string path, CheckContext ctx)
    {
        ctx.Paths[node] = path;
        var shape = node switch
        {
            ScalarNode => Scalar,
            MappingNode => Mapping,
            _ => Sequence,
        };
        if (shape is null)
        {
            TypeError(node, path, ctx);
            return;
        }

        shape.Check(node, path, ctx);
    }

    public override JsonObject Emit(SchemaEmitter emitter)
        => new()
        {
            ["anyOf"] = new JsonArray(new[] { Scalar, Mapping, Sequence }.OfType<Shape>().Select(s => (JsonNode)emitter.Ref(s)).ToArray()),
        };
}

/// <summary>
/// A catalog item as a scenario names it: a catalog key (<c>h100-sxm</c>), a catalog key with
/// overrides (<c>{from: h100-sxm, tdp_w: 500}</c>) or a full definition. Overrides are checked
/// after they are merged onto the catalog entry, against the full shape.
/// </summary>
internal sealed class InheritShape(Shape full, IReadOnlyList<Field> overridable, string noun) : Shape
{
    public Shape Full { get; } = full;

    public string Noun { get; } = noun;

    /// <summary>A mapping with <c>from</c> and any field of any variant; only used for the JSON Schema and unknown bases.</summary>
    public ObjectShape Override { get; } = new(
        [new Field("from", new StringShape(), "Catalog key to start from; the other keys here override its values.", Required: true),
         .. overridable]);

    public override string Expected => $"a catalog {Noun} name or a mapping";

    public override void Check(Node node, string path, CheckContext ctx)
    {
        ctx.Paths[node] = path;
        switch (node)
        {
            case ScalarNode scalar when Scalars.IsString(scalar):
                return;
            case MappingNode mapping when mapping.Find("from") is { } from:
                ctx.Paths[from.Value] = CheckContext.Join(path, "from");
                if (from.Value is not ScalarNode fromScalar || !Scalars.IsString(fromScalar))
                {
                    ctx.Error(from.Value, CheckContext.Join(path, "from"), $"expected a catalog {Noun} name, got {Got(from.Value)}");
                }

                if (Full is UnionShape union && mapping.Find(union.Tag) is { } tag)
                {
                    // What a model is comes with the entry it starts from; switching kind would
                    // keep fields that mean nothing for the new kind.
                    ctx.Error(tag.Key, path, $"'{union.Tag}' comes from the catalog entry named by 'from' and cannot be overridden");
                    ctx.Diagnostics.MarkBad(mapping);
                }

                return;
            case MappingNode:
                Full.Check(node, path, ctx);
                return;
            default:
                TypeError(node, path, ctx);
                return;
        }
    }

    public override JsonObject Emit(SchemaEmitter emitter)
        => new()
        {
            ["anyOf"] = new JsonArray(
                new JsonObject { ["type"] = "string", ["description"] = $"A {Noun} from the catalog (`clustersim catalog`)." },
                emitter.Ref(Override),
                emitter.Ref(Full)),
        };
}

/// <summary>A policy written by name alone: only those that need no parameters.</summary>
internal sealed class NameOfShape(UnionShape union) : Shape
{
    public override string Expected => "a name";

    public override void Check(Node node, string path, CheckContext ctx)
    {
        ctx.Paths[node] = path;
        if (node is not ScalarNode scalar || !Scalars.IsString(scalar))
        {
            ctx.Error(node, path, $"expected one of {string.Join(", ", union.Names)}, got {Got(node)}");
            return;
        }

        var variant = union.Variant(scalar.Value);
        if (variant is null)
        {
            if (union.IsOpen?.Invoke(scalar.Value) != true)
            {
                ctx.Error(node, path, $"'{scalar.Value}' is not one of {string.Join(", ", union.Names)}{Suggest.Hint(scalar.Value, union.Names)}");
            }

            return;
        }

        var required = variant.Fields.Where(f => f.Required && f.Name != union.Tag).Select(f => f.Name).ToList();
        if (required.Count > 0)
        {
            ctx.Error(node, path, $"'{scalar.Value}' needs parameters ({string.Join(", ", required)}); write {{{union.Tag}: {scalar.Value}, {string.Join(", ", required.Select(r => r + ": ..."))}}}");
        }
    }

    public override JsonObject Emit(SchemaEmitter emitter)
    {
        var names = union.Variants
            .Where(v => v.Fields.All(f => !f.Required || f.Name == union.Tag))
            .Select(v => (JsonNode)JsonValue.Create(v.VariantName)!)
            .ToArray();
        JsonObject schema = new() { ["type"] = "string", ["enum"] = new JsonArray(names) };
        return union.OpenPattern is null
            ? schema
            : new JsonObject { ["anyOf"] = new JsonArray(schema, new JsonObject { ["type"] = "string", ["pattern"] = union.OpenPattern }) };
    }
}

/// <summary>Anything: the parameters of a researcher's own predictor, passed through unchecked.</summary>
internal sealed class AnyShape : Shape
{
    public override string Expected => "a value";

    public override void Check(Node node, string path, CheckContext ctx) => ctx.Paths[node] = path;

    public override JsonObject Emit(SchemaEmitter emitter) => [];
}

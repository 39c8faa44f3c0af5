using System.Text.Json.Nodes;
using ClusterSim.Scenarios.Yaml;

namespace ClusterSim.Scenarios.Schema;

/// <summary>A closed mapping: known keys only, required keys present, cross-key rules held.</summary>
internal sealed class ObjectShape(IReadOnlyList<Field> fields) : Shape
{
    public IReadOnlyList<Field> Fields { get; } = fields;

    public IReadOnlyList<Rule> Rules { get; set; } = [];

    /// <summary>For a variant of a union: its tag value (e.g. "poisson").</summary>
    public string? VariantName { get; init; }

    public override string Expected => "a mapping";

    public Field? Find(string name)
    {
        foreach (var field in Fields)
        {
            if (field.Name == name)
            {
                return field;
            }
        }

        return null;
    }

    public override void Check(Node node, string path, CheckContext ctx) => Check(node, path, ctx, null);

    /// <param name="unknownKey">Gives a better message for an unknown key (a union knows other variants' keys).</param>
    /// <param name="skip">A key not to check (a union's tag, already reported).</param>
    public void Check(Node node, string path, CheckContext ctx, Func<string, string?>? unknownKey, string? skip = null)
    {
        ctx.Paths[node] = path;
        if (node is not MappingNode mapping)
        {
            TypeError(node, path, ctx);
            return;
        }

        ctx.Shapes[mapping] = this;
        foreach (var entry in mapping.Entries)
        {
            var key = entry.Key.Value;
            if (key == skip)
            {
                continue;
            }

            var field = Find(key);
            if (field is null)
            {
                ctx.Diagnostics.MarkBad(entry.Value);
                var closest = Suggest.Closest(key, Fields.Select(f => f.Name));
                var message = closest is not null
                    ? $"unknown key '{key}'; did you mean '{closest}'?"
                    : unknownKey?.Invoke(key) ?? $"unknown key '{key}'; expected one of: {string.Join(", ", Fields.Select(f => f.Name))}";
                ctx.Error(entry.Key, path, message);
                continue;
            }

            if (!ctx.Diagnostics.IsBad(entry.Value))
            {
                field.Shape.Check(entry.Value, CheckContext.Join(path, key), ctx);
            }
        }

        foreach (var field in Fields)
        {
            if (field.Required && mapping.Find(field.Name) is null)
            {
                ctx.ErrorAtOwner(mapping, path, $"missing required key '{field.Name}'");
            }
        }

        foreach (var rule in Rules)
        {
            rule.Check(mapping, path, ctx);
        }
    }

    public override JsonObject Emit(SchemaEmitter emitter)
    {
        var properties = new JsonObject();
        foreach (var field in Fields)
        {
            properties[field.Name] = emitter.Property(field);
        }

        var schema = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["additionalProperties"] = false,
        };
        var required = Fields.Where(f => f.Required).Select(f => (JsonNode)JsonValue.Create(f.Name)!).ToArray();
        if (required.Length > 0)
        {
            schema["required"] = new JsonArray(required);
        }

        var rules = Rules.Select(r => r.Emit()).OfType<JsonObject>().ToArray();
        if (rules.Length > 0)
        {
            schema["allOf"] = new JsonArray(rules.Cast<JsonNode>().ToArray());
        }

        return schema;
    }

    /// <summary>Every key of the given shapes but their tag, none required: what may override a catalog entry.</summary>
    public static IReadOnlyList<Field> Optional(IEnumerable<ObjectShape> shapes, string? tag = null)
    {
        var fields = new List<Field>();
        foreach (var shape in shapes)
        {
            foreach (var field in shape.Fields)
            {
                if (field.Name != tag && fields.All(f => f.Name != field.Name))
                {
                    fields.Add(field with { Required = false, Default = null });
                }
            }
        }

        return fields;
    }
}

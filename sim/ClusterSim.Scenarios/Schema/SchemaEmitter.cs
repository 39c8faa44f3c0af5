using System.Text.Json.Nodes;

namespace ClusterSim.Scenarios.Schema;

/// <summary>Writes shapes as JSON Schema (draft-07, which YAML language servers support best).</summary>
internal sealed class SchemaEmitter
{
    private readonly JsonObject _definitions = [];
    private readonly Dictionary<string, Shape> _defined = [];

    public JsonObject Definitions => _definitions;

    /// <summary>The schema of a shape: a reference when the shape is a named definition.</summary>
    public JsonObject Ref(Shape shape)
    {
        if (shape.DefName is not { } name)
        {
            return WithDescription(shape.Emit(this), shape.Description);
        }

        if (!_defined.TryGetValue(name, out var existing))
        {
            _defined[name] = shape;
            _definitions[name] = null; // reserve the slot first: definitions may refer to themselves
            _definitions[name] = WithDescription(shape.Emit(this), shape.Description);
        }
        else if (!ReferenceEquals(existing, shape))
        {
            throw new InvalidOperationException($"two different shapes are both named '{name}'");
        }

        return new JsonObject { ["$ref"] = "#/definitions/" + name };
    }

    /// <summary>A key's schema with its description and default beside it.</summary>
    public JsonObject Property(Field field)
    {
        var schema = Ref(field.Shape);
        if (schema.ContainsKey("$ref"))
        {
            // In draft-07 keywords beside $ref are ignored, so the reference goes inside allOf.
            schema = new JsonObject { ["allOf"] = new JsonArray(schema) };
        }

        schema["description"] = field.Description;
        if (field.Default is not null)
        {
            schema["default"] = field.Default switch
            {
                string s => JsonValue.Create(s),
                bool b => JsonValue.Create(b),
                int i => JsonValue.Create(i),
                long l => JsonValue.Create(l),
                double d => JsonValue.Create(d),
                string[] list => new JsonArray(list.Select(x => (JsonNode)JsonValue.Create(x)!).ToArray()),
                _ => throw new InvalidOperationException($"unsupported default {field.Default.GetType()}"),
            };
        }

        return schema;
    }

    private static JsonObject WithDescription(JsonObject schema, string? description)
    {
        if (description is not null && !schema.ContainsKey("description"))
        {
            schema["description"] = description;
        }

        return schema;
    }
}

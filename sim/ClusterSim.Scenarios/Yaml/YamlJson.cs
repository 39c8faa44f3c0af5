using System.Text.Json.Nodes;

namespace ClusterSim.Scenarios.Yaml;

/// <summary>A YAML tree as JSON, by the YAML 1.2 core schema (what an editor's language server validates).</summary>
internal static class YamlJson
{
    public static JsonNode? Convert(Node node) => node switch
    {
        MappingNode m => new JsonObject(m.Entries.Select(e => KeyValuePair.Create(e.Key.Value, Convert(e.Value)))),
        SequenceNode s => new JsonArray(s.Items.Select(Convert).ToArray()),
        ScalarNode { IsNull: true } => null,
        ScalarNode s when Scalars.IsBool(s, out var b) => JsonValue.Create(b),
        ScalarNode s when Scalars.IsNumber(s, out var d) && double.IsFinite(d) =>
            Scalars.IsIntegerLiteral(s) && Math.Abs(d) < 9e15 ? JsonValue.Create((long)d) : JsonValue.Create(d),
        ScalarNode s => JsonValue.Create(s.Value),
        _ => null,
    };
}

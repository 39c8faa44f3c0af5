using System.Text.Json.Nodes;
using ClusterSim.Scenarios.Yaml;

namespace ClusterSim.Scenarios.Schema;

/// <summary>
/// One node of the scenario language's description. The same description checks a YAML tree
/// (located errors) and writes the JSON Schema (for editors), so the two cannot drift apart.
/// </summary>
internal abstract class Shape
{
    /// <summary>Shown by editors on hover; also the schema's documentation.</summary>
    public string? Description { get; set; }

    /// <summary>When set, the JSON Schema holds this shape once under <c>definitions</c> and refers to it.</summary>
    public string? DefName { get; set; }

    /// <summary>What a value must be, for "expected ..." messages, e.g. "a number".</summary>
    public abstract string Expected { get; }

    public abstract void Check(Node node, string path, CheckContext ctx);

    public abstract JsonObject Emit(SchemaEmitter emitter);

    protected void TypeError(Node node, string path, CheckContext ctx)
        => ctx.Error(node, path, $"expected {Expected}, got {Got(node)}");

    internal static string Got(Node node) => node switch
    {
        ScalarNode { IsNull: true } => "nothing",
        ScalarNode scalar when Scalars.Kind(scalar) == "string" && !scalar.IsPlain => $"the string '{scalar.Value}'",
        ScalarNode scalar => $"'{scalar.Value}'",
        _ => node.Describe(),
    };
}

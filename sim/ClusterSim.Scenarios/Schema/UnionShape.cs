using System.Text.Json.Nodes;
using ClusterSim.Scenarios.Yaml;

namespace ClusterSim.Scenarios.Schema;

/// <summary>
/// A mapping whose tag key (<c>kind</c>, or <c>name</c> for policies) picks which keys it has:
/// an arrival process, a distribution, a workload class, a policy.
/// </summary>
internal sealed class UnionShape(string tag, IReadOnlyList<ObjectShape> variants) : Shape
{
    public string Tag { get; } = tag;

    public IReadOnlyList<ObjectShape> Variants { get; } = variants;

    /// <summary>Tag values outside the list that are still accepted, with any keys (a researcher's own policy).</summary>
    public Func<string, bool>? IsOpen { get; init; }

    /// <summary>Says in words which open values are allowed, for messages and the schema.</summary>
    public string? OpenPattern { get; init; }

    public IEnumerable<string> Names => Variants.Select(v => v.VariantName!);

    public override string Expected => $"a mapping with '{Tag}: {string.Join("|", Names)}'";

    public ObjectShape? Variant(string name) => Variants.FirstOrDefault(v => v.VariantName == name);

    public override void Check(Node node, string path, CheckContext ctx)
    {
        ctx.Paths[node] = path;
        if (node is not MappingNode mapping)
        {
            TypeError(node, path, ctx);
            return;
        }

        var tagEntry = mapping.Find(Tag);
        if (tagEntry is null)
        {
            ctx.ErrorAtOwner(mapping, path, $"missing required key '{Tag}' (one of: {string.Join(", ", Names)})");
            return;
        }

        var tagPath = CheckContext.Join(path, Tag);
        ctx.Paths[tagEntry.Value] = tagPath;
        if (tagEntry.Value is not ScalarNode tagValue || !Scalars.IsString(tagValue))
        {
            ctx.Error(tagEntry.Value, tagPath, $"expected one of {string.Join(", ", Names)}, got {Got(tagEntry.Value)}");
            return;
        }

        var variant = Variant(tagValue.Value);
        string? skip = null;
        if (variant is null)
        {
            if (IsOpen?.Invoke(tagValue.Value) == true)
            {
                return;
            }

            var suggestion = Suggest.Closest(tagValue.Value, Names.ToList());
            ctx.Error(tagValue, tagPath,
                $"'{tagValue.Value}' is not one of {string.Join(", ", Names)}{(suggestion is null ? "" : $"; did you mean '{suggestion}'?")}");
            if (suggestion is null)
            {
                return;
            }

            // Check the rest as the variant the user most likely meant, so one pass shows all errors.
            variant = Variant(suggestion)!;
            skip = Tag;
        }

        variant.Check(mapping, path, ctx, key =>
        {
            var owners = Variants.Where(v => v.Find(key) is not null).Select(v => v.VariantName!).ToList();
            return owners.Count == 0
                ? null
                : $"'{key}' does not apply to {Tag} '{variant.VariantName}' (it belongs to {Tag} {string.Join(", ", owners)})";
        }, skip);
    }

    public override JsonObject Emit(SchemaEmitter emitter)
    {
        var names = new JsonArray(Names.Select(n => (JsonNode)JsonValue.Create(n)!).ToArray());
        JsonNode tagSchema = new JsonObject { ["type"] = "string", ["enum"] = names };
        if (OpenPattern is not null)
        {
            tagSchema = new JsonObject
            {
                ["anyOf"] = new JsonArray(tagSchema, new JsonObject { ["type"] = "string", ["pattern"] = OpenPattern }),
            };
        }

        // if/then per variant rather than oneOf: once the tag is known, an editor reports the
        // variant's own errors instead of "matches none of 7 alternatives".
        var branches = new JsonArray();
        foreach (var variant in Variants)
        {
            var then = variant.Emit(emitter);
            branches.Add(new JsonObject
            {
                ["if"] = new JsonObject
                {
                    ["required"] = new JsonArray(Tag),
                    ["properties"] = new JsonObject { [Tag] = new JsonObject { ["const"] = variant.VariantName } },
                },
                ["then"] = then,
            });
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["required"] = new JsonArray(Tag),
            ["properties"] = new JsonObject { [Tag] = tagSchema },
            ["allOf"] = branches,
        };
    }
}

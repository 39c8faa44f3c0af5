using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterSim.Scenarios.Yaml;

namespace ClusterSim.Scenarios.Fleets;

/// <summary>
/// The JSON Schema of fleet files, for editors (<c># yaml-language-server: $schema=../fleet.schema.json</c>).
/// The fleet language is small and read by hand in <see cref="FleetLoader"/>; the keys, ranges and
/// the site-name pattern come from the loader's own constants, and a test checks that the schema
/// accepts the examples and rejects what the loader rejects, so the two cannot drift apart.
/// </summary>
/// <remarks>
/// What JSON Schema cannot say stays with the loader (and <c>clustersim validate</c>): that a
/// scenario file exists, that the workload is a text workload of every cluster's scenario, and
/// that each <c>set</c> path and value fit that scenario.
/// </remarks>
public static class FleetJsonSchema
{
    /// <summary>The schema as indented JSON with a final newline; the same bytes on every call.</summary>
    public static string Generate()
    {
        var door = Object(FleetLoader.DoorKeys, ["workload", "mean_rate"], new()
        {
            ["workload"] = Text("The text workload (same name in every cluster's scenario) whose arrivals the front door sets in each cluster."),
            ["mean_rate"] = Number("Requests per second into the whole fleet (over a day with split: diurnal, the daily mean).", 0, 1e9, exclusiveMin: true),
            ["split"] = new JsonObject
            {
                ["description"] = "shares: each cluster gets a fixed share as Poisson arrivals; diurnal: each site's share follows a day-long sinusoid peaking at the same local time.",
                ["enum"] = new JsonArray("shares", "diurnal"),
                ["default"] = "shares",
            },
            ["peak_to_trough"] = Number("split: diurnal only: ratio of a site's busiest to quietest rate.", 1, 1e6, defaultValue: 3),
            ["peak_local"] = new JsonObject
            {
                ["description"] = "split: diurnal only: local time of day at which every site peaks, as a duration after midnight (14h, 13.5h) below 24h.",
                ["anyOf"] = new JsonArray(
                    new JsonObject { ["type"] = "number", ["minimum"] = 0, ["exclusiveMaximum"] = 86_400 },
                    new JsonObject { ["type"] = "string", ["pattern"] = Durations.Pattern }),
                ["default"] = "14h",
            },
        });
        door["description"] = "The fleet's front door: one text workload's traffic, split among the clusters.";

        // With split: shares the diurnal keys would be ignored, and the loader refuses them.
        door["if"] = new JsonObject
        {
            ["properties"] = new JsonObject { ["split"] = new JsonObject { ["const"] = "diurnal" } },
            ["required"] = new JsonArray("split"),
        };
        door["else"] = new JsonObject
        {
            ["not"] = new JsonObject { ["anyOf"] = new JsonArray(new JsonObject { ["required"] = new JsonArray("peak_to_trough") }, new JsonObject { ["required"] = new JsonArray("peak_local") }) },
        };

        var site = Object(FleetLoader.SiteKeys, ["scenario"], new()
        {
            ["scenario"] = Text("Scenario file of the site's clusters, relative to the fleet file's folder."),
            ["clusters"] = Integer("Identical clusters at this site (each its own shard, with its own seed).", 1, FleetLoader.MaxClustersPerSite, defaultValue: 1),
            ["share"] = Number("Each of this site's clusters gets share / (sum of share x clusters over all sites) of the fleet's rate.", 0, 1e9, exclusiveMin: true, defaultValue: 1),
            ["utc_offset"] = Number("The site's offset from UTC in hours (shifts its diurnal peak).", -12, 14, defaultValue: 0),
            ["set"] = new JsonObject
            {
                ["description"] = "Overrides of the scenario, as --set PATH=VALUE: scenario paths to single values (e.g. hardware.nodes.dgx.count: 125).",
                ["type"] = "object",
                ["additionalProperties"] = new JsonObject { ["type"] = new JsonArray("string", "number", "boolean", "null") },
            },
        });
        site["description"] = "A site (region): its clusters' scenario, how many, their share of the traffic and their time zone.";

        var root = Object(FleetLoader.RootKeys, ["front_door", "sites"], new()
        {
            ["name"] = Text("Fleet name: output folders and job names (default: the file name)."),
            ["seed"] = Integer("Cluster k runs with run.seed = seed + k, so identical clusters see different traffic.", 0, 1e15, defaultValue: 1),
            ["front_door"] = new JsonObject { ["$ref"] = "#/definitions/front_door" },
            ["sites"] = new JsonObject
            {
                ["description"] = "Sites by name (letters, digits, '.', '_', '-'); clusters are numbered in this order.",
                ["type"] = "object",
                ["minProperties"] = 1,
                ["propertyNames"] = new JsonObject { ["pattern"] = FleetLoader.SiteNamePattern },
                ["additionalProperties"] = new JsonObject { ["$ref"] = "#/definitions/site" },
            },
        });

        var document = new JsonObject
        {
            ["$schema"] = "http://json-schema.org/draft-07/schema#",
            ["title"] = "ClusterSim fleet",
            ["description"] = "Independent clusters (each a scenario with overrides) behind one front door that splits the fleet's traffic. Run with 'clustersim fleet'; check with 'clustersim validate'. Generated by 'clustersim schema --fleet'.",
        };
        foreach (var (key, value) in root.ToList())
        {
            root.Remove(key);
            document[key] = value;
        }

        document["definitions"] = new JsonObject { ["front_door"] = door, ["site"] = site };
        var options = new JsonSerializerOptions
        {
            WriteIndented = true,
            IndentSize = 2,
            NewLine = "\n",
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        return document.ToJsonString(options) + "\n";
    }

    /// <summary>A closed mapping: exactly <paramref name="keys"/> (the loader's list, in its order), each described.</summary>
    private static JsonObject Object(string[] keys, string[] required, Dictionary<string, JsonObject> properties)
    {
        if (!keys.Order(StringComparer.Ordinal).SequenceEqual(properties.Keys.Order(StringComparer.Ordinal)))
        {
            throw new InvalidOperationException($"the fleet schema describes {string.Join(", ", properties.Keys)} but the loader allows {string.Join(", ", keys)}");
        }

        var props = new JsonObject();
        foreach (var key in keys)
        {
            props[key] = properties[key];
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["required"] = new JsonArray(required.Select(r => (JsonNode)JsonValue.Create(r)).ToArray()),
            ["properties"] = props,
        };
    }

    private static JsonObject Text(string description) => new() { ["description"] = description, ["type"] = "string" };

    private static JsonObject Integer(string description, double min, double max, long defaultValue)
        => new() { ["description"] = description, ["type"] = "integer", ["minimum"] = min, ["maximum"] = max, ["default"] = defaultValue };

    private static JsonObject Number(string description, double min, double max, bool exclusiveMin = false, double? defaultValue = null)
    {
        var schema = new JsonObject { ["description"] = description, ["type"] = "number", [exclusiveMin ? "exclusiveMinimum" : "minimum"] = min, ["maximum"] = max };
        if (defaultValue is { } d)
        {
            schema["default"] = d;
        }

        return schema;
    }
}

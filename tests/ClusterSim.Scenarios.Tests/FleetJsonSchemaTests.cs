using System.Text.Json;
using ClusterSim.Scenarios.Fleets;
using ClusterSim.Scenarios.Yaml;
using Json.Schema;

namespace ClusterSim.Scenarios.Tests;

/// <summary>
/// The fleet schema against the fleet loader, which stays the judge: the committed file is the
/// generated one, the examples point at it and pass, and what the loader refuses (within what a
/// JSON Schema can say) the schema refuses too, while the loader's accepted variants pass.
/// </summary>
public sealed class FleetJsonSchemaTests
{
    private const string SchemaLine = "# yaml-language-server: $schema=../fleet.schema.json";

    private static readonly JsonSchema Schema = JsonSchema.FromText(FleetJsonSchema.Generate());

    private static string Fleets => Path.Combine(Fixtures.Scenarios, "fleets");

    /// <summary>The example fleet files: every YAML in scenarios/fleets that the loader takes as a fleet (the rest are their site scenarios).</summary>
    public static IEnumerable<object[]> Examples
        => Directory.GetFiles(Path.Combine(Fixtures.Scenarios, "fleets"), "*.yaml").Order(StringComparer.Ordinal)
            .Where(f => FleetLoader.IsFleet(File.ReadAllText(f))).Select(f => new object[] { Path.GetFileName(f) });

    private static bool SchemaAccepts(string yaml)
    {
        var json = YamlJson.Convert(Fixtures.Tree(yaml))?.ToJsonString() ?? "null";
        using var document = JsonDocument.Parse(json);
        return Schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Flag }).IsValid;
    }

    private static bool LoaderAccepts(string yaml)
    {
        try
        {
            // The scenario file must exist beside the fleet file; the examples' folder has default-like sites.
            _ = FleetLoader.Parse(yaml, Path.Combine(Fleets, "probe.yaml"));
            return true;
        }
        catch (ScenarioException)
        {
            return false;
        }
    }

    [Fact]
    public void The_committed_fleet_schema_is_the_generated_one()
    {
        var committed = File.ReadAllText(Path.Combine(Fixtures.Scenarios, "fleet.schema.json"));
        Assert.True(committed == FleetJsonSchema.Generate(),
            "scenarios/fleet.schema.json is stale: run 'clustersim schema --fleet --out scenarios/fleet.schema.json --force'");
    }

    [Fact]
    public void The_schema_allows_exactly_the_keys_the_loader_allows()
    {
        using var schema = JsonDocument.Parse(FleetJsonSchema.Generate());
        string[] Keys(JsonElement e) => [.. e.GetProperty("properties").EnumerateObject().Select(p => p.Name)];
        var definitions = schema.RootElement.GetProperty("definitions");
        Assert.Equal(FleetLoader.RootKeys, Keys(schema.RootElement));
        Assert.Equal(FleetLoader.DoorKeys, Keys(definitions.GetProperty("front_door")));
        Assert.Equal(FleetLoader.SiteKeys, Keys(definitions.GetProperty("site")));
        Assert.False(schema.RootElement.GetProperty("additionalProperties").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_fleet_points_at_the_fleet_schema_and_passes_it(string file)
    {
        var text = File.ReadAllText(Path.Combine(Fleets, file));
        Assert.Equal(SchemaLine, text.Split('\n')[0]);
        Assert.True(SchemaAccepts(text), file);
        Assert.True(LoaderAccepts(text), file);
    }

    [Fact]
    public void There_are_example_fleets_to_check()
        => Assert.Contains(Examples, e => (string)e[0] == "small-8.yaml");

    private const string Door = "front_door: {workload: chat, mean_rate: 10}\n";

    private const string Site = "sites:\n  eu: {scenario: site-1000.yaml}\n";

    [Theory]
    [InlineData("name: f\nseed: 3\n" + Door + Site)]
    [InlineData("front_door: {workload: chat, mean_rate: 10, split: diurnal, peak_to_trough: 2, peak_local: 13.5h}\n" + Site)]
    [InlineData("front_door: {workload: chat, mean_rate: 10, split: diurnal, peak_local: 3600}\n" + Site)]
    [InlineData(Door + "sites:\n  eu-1.a_b: {scenario: site-1000.yaml, clusters: 3, share: 0.5, utc_offset: -3.5, set: {run.duration: 10s, run.seed: 4, x: \"q\", y: true, z: null}}\n")]
    public void A_fleet_the_loader_accepts_passes_the_schema(string yaml)
    {
        Assert.True(LoaderAccepts(yaml));
        Assert.True(SchemaAccepts(yaml));
    }

    [Theory]
    [InlineData("nam: f\n" + Door + Site)]
    [InlineData(Site)]
    [InlineData(Door)]
    [InlineData(Door + "sites: {}\n")]
    [InlineData("seed: -1\n" + Door + Site)]
    [InlineData("seed: 1.5\n" + Door + Site)]
    [InlineData("front_door: {workload: chat}\n" + Site)]
    [InlineData("front_door: {workload: chat, mean_rate: 0}\n" + Site)]
    [InlineData("front_door: {workload: chat, mean_rate: 10, split: sometimes}\n" + Site)]
    [InlineData("front_door: {workload: chat, mean_rate: 10, peak_to_trough: 3}\n" + Site)]
    [InlineData("front_door: {workload: chat, mean_rate: 10, split: shares, peak_local: 14h}\n" + Site)]
    [InlineData("front_door: {workload: chat, mean_rate: 10, split: diurnal, peak_to_trough: 0.5}\n" + Site)]
    [InlineData("front_door: {workload: chat, mean_rate: 10, split: diurnal, peak_local: 5 oclock}\n" + Site)]
    [InlineData("front_door: {workload: chat, mean_rate: 10, split: diurnal, peak_local: 90000}\n" + Site)]
    [InlineData("front_door: {workload: chat, mean_rate: 10, rate: 3}\n" + Site)]
    [InlineData(Door + "sites:\n  eu: {clusters: 2}\n")]
    [InlineData(Door + "sites:\n  eu: {scenario: site-1000.yaml, clusters: 0}\n")]
    [InlineData(Door + "sites:\n  eu: {scenario: site-1000.yaml, share: 0}\n")]
    [InlineData(Door + "sites:\n  eu: {scenario: site-1000.yaml, utc_offset: 15}\n")]
    [InlineData(Door + "sites:\n  eu: {scenario: site-1000.yaml, shar: 1}\n")]
    [InlineData(Door + "sites:\n  eu: {scenario: site-1000.yaml, set: [run.duration]}\n")]
    [InlineData(Door + "sites:\n  eu: {scenario: site-1000.yaml, set: {run: {duration: 5s}}}\n")]
    [InlineData(Door + "sites:\n  \"eu west\": {scenario: site-1000.yaml}\n")]
    [InlineData(Door + "sites:\n  eu: site-1000.yaml\n")]
    public void A_fleet_the_loader_refuses_for_a_reason_a_schema_can_state_fails_the_schema(string yaml)
    {
        Assert.False(LoaderAccepts(yaml));
        Assert.False(SchemaAccepts(yaml));
    }
}

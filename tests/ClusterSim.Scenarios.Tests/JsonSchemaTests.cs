using System.Text.Json;
using ClusterSim.Scenarios.Yaml;
using Json.Schema;

namespace ClusterSim.Scenarios.Tests;

public sealed class JsonSchemaTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(ScenarioJsonSchema.Generate());

    private static bool Valid(string yaml)
    {
        var json = YamlJson.Convert(Fixtures.Tree(yaml))?.ToJsonString() ?? "null";
        using var document = JsonDocument.Parse(json);
        return Schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Flag }).IsValid;
    }

    [Fact]
    public void The_committed_schema_is_the_generated_one()
    {
        var committed = File.ReadAllText(Path.Combine(Fixtures.Scenarios, "clustersim.schema.json"));
        Assert.True(committed == ScenarioJsonSchema.Generate(),
            "scenarios/clustersim.schema.json is stale: run 'clustersim schema --out scenarios/clustersim.schema.json'");
    }

    [Fact]
    public void Generating_twice_gives_the_same_bytes()
        => Assert.Equal(ScenarioJsonSchema.Generate(), ScenarioJsonSchema.Generate());

    [Theory]
    [MemberData(nameof(ExampleScenarioTests.Examples), MemberType = typeof(ExampleScenarioTests))]
    public void The_schema_accepts_every_example(string file)
        => Assert.True(Valid(File.ReadAllText(Path.Combine(Fixtures.Scenarios, file))), file);

    [Fact]
    public void The_schema_accepts_the_base_of_the_malformed_cases()
        => Assert.True(Valid(MalformedCases.Base));

    public static IEnumerable<object[]> SchemaCases => MalformedCases.All.Where(c => c.SchemaRejects).Select(c => new object[] { c.Name });

    [Theory]
    [MemberData(nameof(SchemaCases))]
    public void The_schema_rejects_the_malformed_scenarios_it_can_describe(string name)
        => Assert.False(Valid(MalformedCases.Get(name).Yaml), name);

    [Fact]
    public void Most_malformed_cases_are_within_reach_of_the_schema()
    {
        // The rest are references, physics, files, value order, duplicate keys and YAML syntax:
        // beyond JSON Schema, and checked by the loader alone.
        var count = MalformedCases.All.Count(c => c.SchemaRejects);
        Assert.True(count >= 20, $"only {count} cases are checked against the schema");
    }

    [Theory]
    [InlineData("250ms", true)]
    [InlineData("1.5s", true)]
    [InlineData(2.5, true)]
    [InlineData("5 sec", false)]
    [InlineData("-1s", false)]
    public void Duration_strings_match_in_schema_and_loader(object value, bool valid)
    {
        var yaml = MalformedCases.Base.Replace("  duration: 60s", $"  duration: {value}");
        Assert.Equal(valid, Valid(yaml));
        Assert.Equal(valid, Fixtures.Errors(yaml, MalformedCases.Folder).Count == 0);
    }
}

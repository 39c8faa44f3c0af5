using System.Text.Json;
using ClusterSim.Analysis.Summaries;
using Json.Schema;

namespace ClusterSim.Cli.Tests.Summaries;

/// <summary>
/// `clustersim schema --summary` as a user runs it, and the summary.json of real example runs
/// checked against what it prints, by an independent validator.
/// </summary>
public sealed class SummarySchemaCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clustersim-summary-schema-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Scenario(string file) => Path.Combine(CliRunner.RepositoryRoot, "scenarios", file);

    [Fact]
    public void Schema_summary_prints_the_generated_summary_schema_not_the_scenario_one()
    {
        var (code, output, error) = CliRunner.Run("schema", "--summary");
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Equal(SummarySchema.Generate(), output);
        Assert.Contains("\"schema_version\"", output);
        Assert.NotEqual(CliRunner.Run("schema").Out, output);
    }

    [Fact]
    public void Schema_summary_out_follows_the_force_rule_of_schema_out()
    {
        var file = Path.Combine(_folder, "summary.schema.json");
        File.WriteAllText(file, "{\"mine\": true}");

        var (code, _, error) = CliRunner.Run("schema", "--summary", "--out", file);
        Assert.Equal(2, code);
        Assert.Contains("exists with other content; add --force to replace it", error);
        Assert.Equal("{\"mine\": true}", File.ReadAllText(file));

        Assert.Equal(0, CliRunner.Run("schema", "--summary", "--out", file, "--force").Code);
        Assert.Equal(SummarySchema.Generate(), File.ReadAllText(file));
        Assert.Equal(0, CliRunner.Run("schema", "--summary", "--out", file).Code); // same content: nothing to lose
    }

    [Theory]
    [InlineData(null, "run.duration=10s")]
    [InlineData("multimodal-priorities.yaml", "run.duration=60s", "run.warmup=10s")]
    public void Summary_of_an_example_run_validates_against_the_printed_schema(string? file, params string[] sets)
    {
        var schemaFile = Path.Combine(_folder, "summary.schema.json");
        Assert.Equal(0, CliRunner.Run("schema", "--summary", "--out", schemaFile).Code);

        var out_ = Path.Combine(_folder, "run");
        List<string> args = ["run", .. file is null ? Array.Empty<string>() : [Scenario(file)], "--out", out_, "--quiet", "--no-charts", "--no-report", "--no-requests"];
        foreach (var set in sets)
        {
            args.AddRange(["--set", set]);
        }

        var (code, _, error) = CliRunner.Run([.. args]);
        Assert.True(code == 0, error);

        var schema = JsonSchema.FromText(File.ReadAllText(schemaFile));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(out_, "summary.json")));
        var results = schema.Evaluate(summary.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(results.IsValid, string.Join("\n", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}")));
        Assert.Equal(1, summary.RootElement.GetProperty("schema_version").GetInt32());
    }

    [Fact]
    public void The_table_shows_a_dash_for_a_class_with_nothing_measured_and_units_in_its_headers()
    {
        var golden = Path.Combine(CliRunner.RepositoryRoot, "tests", "ClusterSim.Analysis.Tests", "Summaries", "Golden", "small-chat.yaml");
        var (code, output, error) = CliRunner.Run("run", golden, "--out", Path.Combine(_folder, "run"), "--no-charts", "--no-report", "--no-requests",
            "--set", "workloads.summarize.arrival.rate=0.001");
        Assert.True(code == 0, error);
        var lines = output.Split('\n');
        var header = lines.Single(l => l.StartsWith("class ", StringComparison.Ordinal));
        Assert.Contains("TTFT p99 (ms)", header);
        Assert.Contains("SLO (%)", header);
        Assert.Contains("rate (req/s)", header);

        // summarize: counts are zeros (nothing arrived), every latency and the attainment read "-".
        var cells = lines.Single(l => l.StartsWith("summarize", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["summarize", "0", "0", "0", "-", "-", "-", "-", "-", "-", "-"], cells[..11]);
        var chat = lines.Single(l => l.StartsWith("chat", StringComparison.Ordinal));
        Assert.DoesNotContain(" - ", chat);
    }
}

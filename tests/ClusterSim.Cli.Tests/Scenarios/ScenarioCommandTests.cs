using ClusterSim.Scenarios;

namespace ClusterSim.Cli.Tests.Scenarios;

/// <summary>The validate, catalog and schema commands as a user runs them: exit codes, where text goes, no stack traces.</summary>
public sealed class ScenarioCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clustersim-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Scenarios { get; } = Path.Combine(CliRunner.RepositoryRoot, "scenarios");

    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Validate_accepts_a_valid_scenario_with_exit_code_0()
    {
        var file = Path.Combine(Scenarios, "default.yaml");
        var (code, output, error) = Run("validate", file);
        Assert.Equal(0, code);
        Assert.Equal($"{file}: ok (1 workload, 1 deployment, 8 accelerators)\n", output.Replace("\r\n", "\n"));
        Assert.Equal("", error);
    }

    [Fact]
    public void Validate_reports_located_errors_on_stderr_with_exit_code_2()
    {
        var text = File.ReadAllText(Path.Combine(Scenarios, "default.yaml"))
            .Replace("arrival: {kind: poisson, rate: 20}", "arrival: {kind: poisson, rate: -20}")
            .Replace("    replicas: 4", "    replicas: 4\n    replica: 4");
        var file = Write("bad.yaml", text);
        var (code, output, error) = Run("validate", file);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        var lines = error.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
        Assert.Equal(
            [
                $"{file}:11:36: workloads.chat.arrival.rate: must be greater than 0, got -20",
                $"{file}:27:5: deployments.llama-8b: unknown key 'replica'; did you mean 'replicas'?",
                $"{file}: 2 errors",
            ],
            lines);
        CliRunner.NoStackTrace(error);
    }

    [Fact]
    public void Validate_checks_every_file_and_fails_if_any_fails()
    {
        var good = Path.Combine(Scenarios, "default.yaml");
        var bad = Write("empty.yaml", "");
        var (code, output, error) = Run("validate", good, bad);
        Assert.Equal(2, code);
        Assert.Contains($"{good}: ok", output);
        Assert.Contains($"{bad}:1:1: the file is empty; expected a mapping of scenario keys", error);
    }

    [Fact]
    public void Validate_reports_a_missing_file_without_a_stack_trace()
    {
        var missing = Path.Combine(_folder, "nope.yaml");
        var (code, _, error) = Run("validate", missing);
        Assert.Equal(2, code);
        Assert.StartsWith($"{missing}: file not found", error);
        CliRunner.NoStackTrace(error);
    }

    [Fact]
    public void Validate_applies_set_overrides_and_locates_bad_ones()
    {
        var file = Path.Combine(Scenarios, "default.yaml");
        Assert.Equal(0, Run("validate", file, "--set", "workloads.chat.arrival.rate=35", "--set", "run.seed=9").Code);

        var (code, _, error) = Run("validate", file, "--set", "run.sedd=9");
        Assert.Equal(2, code);
        Assert.StartsWith("--set run.sedd=9:1:5: unknown key 'sedd' in 'run'; did you mean 'seed'?", error);
    }

    [Fact]
    public void Validate_rejects_what_run_rejects_because_it_compiles_the_scenario()
    {
        // Loads cleanly but fails to compile: the site cap is below the cluster's idle power,
        // which `run` refuses (RunFacilityOutputTests); validate must not call it "ok".
        var file = Path.Combine(Scenarios, "default.yaml");
        var (code, output, error) = Run("validate", file, "--set", "facility.power_cap.site_kw=1");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        // Located like a loading error: at the --set that gave the cap, column 28 being the value.
        Assert.StartsWith("--set facility.power_cap.site_kw=1:1:28: facility.power_cap: site cap 1 kW is below the cluster's idle power", error);
        Assert.EndsWith($"{file}: 1 error", error.TrimEnd());
        CliRunner.NoStackTrace(error);
    }

    [Fact]
    public void Validate_without_a_file_is_bad_input()
        => Assert.Equal(2, Run("validate").Code);

    [Fact]
    public void Every_example_scenario_validates_from_the_command_line()
    {
        var files = Directory.GetFiles(Scenarios, "*.yaml").Order(StringComparer.Ordinal).ToArray();
        var (code, output, error) = Run(["validate", .. files]);
        Assert.True(code == 0, error);
        Assert.Equal(files.Length, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Catalog_lists_every_accelerator_and_model()
    {
        var (code, output, error) = Run("catalog");
        Assert.Equal(0, code);
        Assert.Equal("", error);
        foreach (var a in Catalog.Default.Accelerators)
        {
            Assert.Contains($"\n{a.Key} ", output);
        }

        foreach (var m in Catalog.Default.Models)
        {
            Assert.Contains($"\n{m.Key} ", output);
        }

        Assert.Matches(@"\nh100-sxm\s+NVIDIA H100 SXM5 80GB\s+80\s+3350\s+989\.4\s+1978\.9\s+700", output);
    }

    [Fact]
    public void Catalog_can_show_one_section()
    {
        var (code, output, _) = Run("catalog", "models");
        Assert.Equal(0, code);
        Assert.DoesNotContain("h100-sxm", output);
        Assert.Contains("llama-3.1-8b", output);
        Assert.Equal(2, Run("catalog", "gpus").Code);
    }

    [Fact]
    public void Schema_prints_the_generated_schema()
    {
        var (code, output, _) = Run("schema");
        Assert.Equal(0, code);
        Assert.Equal(ScenarioJsonSchema.Generate(), output);
    }

    [Fact]
    public void Schema_writes_a_file_on_request()
    {
        var file = Path.Combine(_folder, "s.json");
        Assert.Equal(0, Run("schema", "--out", file).Code);
        Assert.Equal(ScenarioJsonSchema.Generate(), File.ReadAllText(file));
        Assert.Equal(File.ReadAllText(Path.Combine(Scenarios, "clustersim.schema.json")), File.ReadAllText(file));
        Assert.Equal([file], Directory.GetFiles(_folder));
    }

    [Fact]
    public void Schema_that_cannot_be_written_leaves_neither_the_file_nor_a_partial()
    {
        // A directory in the way: the temporary file is written, the rename over the folder fails.
        var blocked = Directory.CreateDirectory(Path.Combine(_folder, "s.json")).FullName;
        var (code, _, error) = Run("schema", "--out", blocked);
        Assert.Equal(2, code);
        Assert.Contains("cannot write the schema", error);
        CliRunner.NoStackTrace(error);
        Assert.Empty(Directory.GetFiles(_folder));
        Assert.Empty(Directory.EnumerateFileSystemEntries(blocked));
    }
}

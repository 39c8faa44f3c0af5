using ClusterSim.Scenarios.Fleets;

namespace ClusterSim.Cli.Tests.Scenarios;

/// <summary>Fleet files in `schema --fleet` and `validate`: exit codes, errors located in the file the user wrote.</summary>
public sealed class FleetFileCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clustersim-fleet-cli-").FullName;

    public FleetFileCommandTests()
        => File.Copy(Path.Combine(CliRunner.RepositoryRoot, "scenarios", "default.yaml"), Path.Combine(_folder, "default.yaml"));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Schema_fleet_prints_the_fleet_schema_and_writes_the_committed_file()
    {
        var (code, output, error) = CliRunner.Run("schema", "--fleet");
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Equal(FleetJsonSchema.Generate(), output);
        Assert.Contains("\"front_door\"", output);

        var file = Path.Combine(_folder, "fleet.schema.json");
        Assert.Equal(0, CliRunner.Run("schema", "--fleet", "--out", file).Code);
        Assert.Equal(File.ReadAllText(Path.Combine(CliRunner.RepositoryRoot, "scenarios", "fleet.schema.json")), File.ReadAllText(file));
    }

    [Fact]
    public void Schema_refuses_fleet_and_summary_together()
    {
        var (code, output, error) = CliRunner.Run("schema", "--fleet", "--summary");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal("error: --summary and --fleet each ask for one schema; give one of them\n", error);
    }

    [Fact]
    public void Validate_accepts_the_example_fleet_beside_a_scenario()
    {
        var fleet = Path.Combine(CliRunner.RepositoryRoot, "scenarios", "fleets", "small-8.yaml");
        var scenario = Path.Combine(CliRunner.RepositoryRoot, "scenarios", "default.yaml");
        var (code, output, error) = CliRunner.Run("validate", fleet, scenario);
        Assert.True(code == 0, error);
        Assert.Equal(
            $"{fleet}: ok (fleet 'small-8': 8 clusters in 4 sites, 64 accelerators)\n{scenario}: ok (1 workload, 1 deployment, 8 accelerators)\n",
            output);
    }

    [Fact]
    public void Validate_locates_errors_of_the_fleet_file_itself()
    {
        var fleet = Write("f.yaml", "front_door: {workload: chat, mean_rate: 10, split: sometimes}\nsites:\n  eu: {scenario: default.yaml, shar: 2}\n");
        var (code, output, error) = CliRunner.Run("validate", fleet);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains($"{fleet}:1:52: split: 'sometimes' is not a split", error);
        Assert.Contains($"{fleet}:3:32: unknown key 'shar'; did you mean 'share'?", error);
        Assert.EndsWith($"{fleet}: 2 errors\n", error);
        CliRunner.NoStackTrace(error);
    }

    [Fact]
    public void Validate_locates_an_override_the_cluster_scenario_refuses_in_the_fleet_file_once_per_site()
    {
        // Columns counted by hand: 'duraton' starts at column 54 of line 4, 'x' of hardware.nodes.x at 52 of line 5, 'chatt' at 24 of line 1.
        var fleet = Write("f.yaml", string.Join('\n',
            "front_door: {workload: chatt, mean_rate: 10}",
            "sites:",
            "  a: {scenario: default.yaml, share: 1}",
            "  b: {scenario: default.yaml, clusters: 2, set: {run.duraton: 5s}}",
            "  c: {scenario: default.yaml, clusters: 1, set: {hardware.nodes.x.count: 0}}",
            ""));
        var (code, output, error) = CliRunner.Run("validate", fleet);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            [
                $"{fleet}:1:24: no workload 'chatt' in 'workloads'; did you mean 'chat'? (site a, scenario default.yaml)",
                $"{fleet}:1:24: no workload 'chatt' in 'workloads'; did you mean 'chat'? (site b, scenario default.yaml)",
                $"{fleet}:1:24: no workload 'chatt' in 'workloads'; did you mean 'chat'? (site c, scenario default.yaml)",
                $"{fleet}:4:54: unknown key 'duraton' in 'run'; did you mean 'duration'? (site b, scenario default.yaml)",
                $"{fleet}:5:65: no node group 'x' in 'hardware.nodes' (site c, scenario default.yaml)",
                $"{fleet}: 5 errors in the fleet's clusters",
            ],
            lines);
        CliRunner.NoStackTrace(error);
    }

    [Fact]
    public void Fleet_with_video_and_avatar_classes_says_which_of_its_figures_cover_text_classes_only()
    {
        var mixed = Path.Combine(CliRunner.RepositoryRoot, "scenarios", "mixed-multimodal.yaml");
        var fleet = Write("mixed.yaml", string.Join('\n',
            "front_door: {workload: chat, mean_rate: 6}",
            "sites:",
            $"  a: {{scenario: {mixed}, set: {{run.duration: 30s, run.warmup: 5s, workloads.avatar.arrival.rate: 0.2}}}}",
            ""));
        var out_ = Path.Combine(_folder, "out");
        var (code, output, error) = CliRunner.Run("fleet", fleet, "--out", out_);
        Assert.True(code == 0, error);
        Assert.Contains($"wrote {Path.Combine(out_, "clusters.csv")}\nnote: the fleet's latency percentiles, throughput and SLO attainment above cover text classes only;", output);
        Assert.Contains("\"other_kinds\"", File.ReadAllText(Path.Combine(out_, "fleet.json")));
    }

    [Fact]
    public void Validate_refuses_set_on_a_fleet_rather_than_check_a_fleet_that_never_runs()
    {
        var fleet = Path.Combine(CliRunner.RepositoryRoot, "scenarios", "fleets", "small-8.yaml");
        var (code, output, error) = CliRunner.Run("validate", fleet, "--set", "run.duration=5s");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal($"{fleet}: error: --set overrides scenarios; a fleet's clusters take theirs from each site's 'set:' in the fleet file\n", error);
    }
}

namespace ClusterSim.Cli.Tests.Run;

/// <summary>`clustersim run`: outputs on success, exit code 2 and a located message on bad input, nothing half-written.</summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clustersim-run-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void The_default_scenario_prints_the_table_and_writes_summary_and_requests()
    {
        var (code, output, error) = Run("run", "--out", _folder, "--quiet", "--no-charts", "--no-report", "--set", "run.duration=10s");
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("TTFT p50", output);
        Assert.True(File.Exists(Path.Combine(_folder, "summary.json")));
        var rows = File.ReadAllLines(Path.Combine(_folder, "requests.csv"));
        Assert.StartsWith("id,class,state", rows[0]);
        Assert.True(rows.Length > 100);

        // Every request that arrived has exactly one row (the header aside): none lost, none twice.
        using var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "summary.json")));
        Assert.Equal(summary.RootElement.GetProperty("overall").GetProperty("arrived").GetInt64(), rows.Length - 1);
        Assert.Empty(Directory.GetFiles(_folder, "*.partial"));
    }

    [Theory]
    [InlineData("--seed", "abc", "--seed expects a non-negative whole number, got 'abc'")]
    [InlineData("--set", "workloads.chat.arival.rate=3", "did you mean 'arrival'?")]
    [InlineData("--set", "deployments.llama-8b.tp=64", "deployments.llama-8b")]
    public void Bad_input_exits_2_with_a_clear_message_and_no_stack_trace(string option, string value, string expected)
    {
        var (code, _, error) = Run("run", "--out", _folder, "--quiet", option, value);
        Assert.Equal(2, code);
        Assert.Contains(expected, error);
        Assert.DoesNotContain("   at ", error);
        Assert.False(File.Exists(Path.Combine(_folder, "summary.json")));
    }

    [Fact]
    public void A_run_that_fails_while_committing_its_outputs_leaves_no_partial_files()
    {
        // A plain file named 'charts' blocks the rename of charts.partial, after requests.csv and
        // summary.json are already in place: the run fails, and nothing temporary stays behind.
        File.WriteAllText(Path.Combine(_folder, "charts"), "in the way");
        var (code, _, error) = Run("run", "--out", _folder, "--quiet", "--no-report", "--set", "run.duration=2s");
        Assert.Equal(2, code);
        Assert.StartsWith("error: ", error);
        CliRunner.NoStackTrace(error);
        Assert.Empty(Directory.GetFileSystemEntries(_folder, "*.partial"));
        Assert.Equal("in the way", File.ReadAllText(Path.Combine(_folder, "charts")));
    }

    [Fact]
    public void A_missing_scenario_file_exits_2_naming_it()
    {
        var (code, _, error) = Run("run", Path.Combine(_folder, "missing.yaml"), "--out", _folder);
        Assert.Equal(2, code);
        Assert.Contains("missing.yaml: file not found", error);
    }
}

namespace ClusterSim.Cli.Tests.Run;

/// <summary>`clustersim run` never destroys or mixes outputs (issue 14), and a scenario name is never a path.</summary>
public sealed class RunOutputSafetyTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clustersim-run-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_run_keeps_files_and_folders_in_charts_that_it_did_not_write()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "charts", "mine"));
        File.WriteAllText(Path.Combine(_folder, "charts", "mine", "keep.txt"), "x");
        var (code, output, error) = CliRunner.Run("run", "--out", _folder, "--quiet", "--no-report", "--set", "run.duration=2s");
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("overall", output); // --quiet: the table, not the list of files written
        Assert.Equal("x", File.ReadAllText(Path.Combine(_folder, "charts", "mine", "keep.txt")));
        Assert.True(File.Exists(Path.Combine(_folder, "charts", "ttft-cdf.png")));
    }

    [Fact]
    public void A_run_into_a_folder_another_run_holds_exits_2_at_once_and_writes_nothing()
    {
        // What a running clustersim holds: the folder's lock file, open with no sharing.
        using var held = new FileStream(Path.Combine(_folder, ".clustersim.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var (code, output, error) = CliRunner.Run("run", "--out", _folder, "--quiet", "--set", "run.duration=2s");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("another clustersim run is writing to this folder", error);
        CliRunner.NoStackTrace(error);
        Assert.Equal([Path.Combine(_folder, ".clustersim.lock")], Directory.GetFileSystemEntries(_folder));
    }

    [Theory]
    [InlineData("name=a/b")]
    [InlineData("name=..")]
    [InlineData("name=/tmp/elsewhere")]
    public void A_scenario_name_that_is_a_path_exits_2_with_a_located_message(string set)
    {
        var (code, output, error) = CliRunner.Run("run", "--quiet", "--set", set);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains($"--set {set}:1:6: ", error);
        Assert.Contains("the scenario name becomes the output folder out/<name>", error);
        CliRunner.NoStackTrace(error);
    }
}

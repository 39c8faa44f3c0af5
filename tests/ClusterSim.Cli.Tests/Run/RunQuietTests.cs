namespace ClusterSim.Cli.Tests.Run;

/// <summary>--quiet prints only errors and the summary table.</summary>
public sealed class RunQuietTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clustersim-quiet-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Quiet_prints_the_table_without_notes_or_the_files_written()
    {
        var (code, quiet, quietError) = CliRunner.Run(["run", "--out", _folder, "--quiet", "--no-charts", "--no-report", "--set", "run.duration=5s"]);
        var (_, loud, _) = CliRunner.Run(["run", "--out", _folder, "--no-charts", "--no-report", "--set", "run.duration=5s"]);

        Assert.Equal(0, code);
        Assert.Equal("", quietError);
        Assert.Contains("overall", quiet);
        Assert.DoesNotContain("note:", quiet);
        Assert.DoesNotContain("wrote ", quiet);
        Assert.Contains("note:", loud); // the same run says what it assumed when not asked to be quiet
        Assert.Contains("wrote ", loud);
    }
}

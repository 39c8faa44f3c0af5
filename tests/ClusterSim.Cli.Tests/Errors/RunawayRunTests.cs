namespace ClusterSim.Cli.Tests.Errors;

/// <summary>A run that would take hours or fill a disk is refused before it starts, naming the knob.</summary>
public sealed class RunawayRunTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clustersim-runaway-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_year_at_a_thousand_requests_per_second_is_refused_with_exit_2_and_nothing_written()
    {
        var outDir = Path.Combine(_folder, "out");
        var (code, output, error) = CliRunner.Run(["run", "--set", "workloads.chat.arrival.rate=1000", "--set", "run.duration=365d", "--out", outDir, "--quiet"]);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("would simulate about 31,536,", error);
        Assert.Contains("add --force to run it anyway", error);
        CliRunner.NoStackTrace(error);
        Assert.False(Directory.Exists(outDir));
    }
}

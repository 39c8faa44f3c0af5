namespace ClusterSim.Cli.Tests.Run;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM during `clustersim run`: one line saying nothing was written, exit 130 or
/// 143, no temporary file left, the previous outputs as they were (issue 14). Needs a real process and
/// a real signal, so it runs the built clustersim and signals it with kill(1); Unix only.
/// </summary>
public sealed class RunSignalTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clustersim-signal-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task A_signalled_run_says_so_writes_nothing_and_keeps_the_earlier_outputs(string signal, int exitCode)
    {
        if (!SignalledRun.Supported)
        {
            return; // no kill(1) to send the signal with
        }

        File.WriteAllText(Path.Combine(_folder, "summary.json"), "earlier");
        using var process = SignalledRun.Start("run", "--quiet", "--out", _folder, "--set", "run.duration=48h");

        // Signal once the run is under way: its staging folder exists (a day of traffic takes far longer to simulate).
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (Directory.GetDirectories(_folder, ".clustersim-staging-*").Length == 0 && !process.HasExited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        if (process.HasExited)
        {
            Assert.Fail("the run ended before it could be signalled: " + await process.Error);
        }

        await Task.Delay(300);
        await process.SignalAndWait(signal, TimeSpan.FromSeconds(60)); // throws if the run does not stop after the signal

        Assert.Equal(exitCode, process.ExitCode);
        Assert.Equal("run cancelled: nothing was written, earlier outputs are as they were", (await process.Error).Trim());
        Assert.Equal("", await process.Output);
        Assert.Equal("earlier", File.ReadAllText(Path.Combine(_folder, "summary.json")));
        Assert.Equal(
            [".clustersim.lock", "summary.json"],
            Directory.GetFileSystemEntries(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}

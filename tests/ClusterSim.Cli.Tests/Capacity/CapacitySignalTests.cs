namespace ClusterSim.Cli.Tests.Capacity;

/// <summary>
/// Ctrl-C during `clustersim capacity`: the search stops at once (mid-run), says nothing was written, exits 130 and
/// leaves no capacity.json. Needs a real process and a real signal, so it runs the built clustersim and signals it with
/// kill(1); Unix only.
/// </summary>
public sealed class CapacitySignalTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clustersim-capacity-signal-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task An_interrupted_search_says_so_writes_nothing_and_exits_130()
    {
        if (!SignalledRun.Supported)
        {
            return; // no kill(1) to send the signal with
        }

        // Two simulated days a run, three runs a rate: the search takes minutes, so it is under way when signalled.
        using var process = SignalledRun.Start("capacity", "--slo", "ttft_p99=2s", "--out", _folder, "--set", "run.duration=48h", "--parallel", "1");
        await Task.Delay(3000);
        if (process.HasExited)
        {
            Assert.Fail("the search ended before it could be signalled: " + await process.Error);
        }

        await process.SignalAndWait("INT", TimeSpan.FromSeconds(30)); // throws if the search does not stop after the signal

        Assert.Equal(130, process.ExitCode);
        Assert.Equal("capacity search cancelled: nothing was written", (await process.Error).Trim());
        Assert.Equal("", (await process.Output).Trim());
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }
}

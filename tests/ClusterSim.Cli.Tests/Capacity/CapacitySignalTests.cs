using System.Diagnostics;
using System.Globalization;

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
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return; // no kill(1) to send the signal with
        }

        var start = new ProcessStartInfo("dotnet")
        {
            // Two simulated days a run, three runs a rate: the search takes minutes, so it is under way when signalled.
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "clustersim.dll"), "capacity", "--slo", "ttft_p99=2s", "--out", _folder, "--set", "run.duration=48h", "--parallel", "1" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();

        await Task.Delay(3000);
        if (process.HasExited)
        {
            Assert.Fail("the search ended before it could be signalled: " + await error);
        }

        using (var kill = Process.Start("kill", ["-s", "INT", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
            Assert.Equal(0, kill.ExitCode);
        }

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(stop.Token); // throws if the search does not stop after the signal

        Assert.Equal(130, process.ExitCode);
        Assert.Equal("capacity search cancelled: nothing was written", (await error).Trim());
        Assert.Equal("", (await output).Trim());
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }
}

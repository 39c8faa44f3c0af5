namespace ClusterSim.Cli.Tests.Run;

/// <summary>What a run prints: the progress line of a non-terminal stderr, and tables that state units and keep names whole.</summary>
public sealed class TerminalOutputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clustersim-terminal-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Progress_on_a_non_terminal_prints_a_line_every_ten_seconds_of_wall_time()
    {
        var wall = TimeSpan.Zero;
        var log = new StringWriter();
        var progress = new PlainProgress(log, endSeconds: 305, () => wall);

        // The run reports about once per simulated second; the wall clock decides when a line is due.
        (double Wall, double Simulated)[] reports = [(0.5, 5), (9.9, 110), (10.0, 120), (12, 130), (19.99, 200), (20.5, 210), (45, 300)];
        foreach (var (w, simulated) in reports)
        {
            wall = TimeSpan.FromSeconds(w);
            progress.Report((long)(simulated * 1e9));
        }

        // By hand: 120 / 305 = 39.3 %, ETA 10 x (1 - 0.3934) / 0.3934 = 15.4 s; 210 / 305 = 68.9 %, 20.5 x 0.3115 / 0.6885 = 9.3 s;
        // at 45 s (periods 30 and 40 were missed: one line, not three) 300 / 305 = 98.4 %, 45 x 0.0164 / 0.9836 = 0.7 s.
        Assert.Equal(
            [
                "progress: simulated 120.0 s of 305.0 s (39.3 %), wall 10 s, ETA 15 s",
                "progress: simulated 210.0 s of 305.0 s (68.9 %), wall 20 s, ETA 9 s",
                "progress: simulated 300.0 s of 305.0 s (98.4 %), wall 45 s, ETA 1 s",
            ],
            log.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Progress_without_an_end_time_says_why_it_has_no_eta()
        => Assert.Equal("progress: simulated 42.0 s, wall 10 s (no end time: run.requests ends the run, so no ETA)",
            PlainProgress.Line(42, 0, TimeSpan.FromSeconds(10)));

    [Fact]
    public void The_table_states_units_keeps_long_class_names_whole_and_quiet_prints_only_it()
    {
        const string name = "a-class-name-far-longer-than-any-column-of-the-table";
        var (code, output, error) = CliRunner.Run("run", "--out", _folder, "--quiet", "--no-charts", "--no-report", "--no-requests",
            "--set", "run.duration=5s",
            "--set", $"workloads.{name}={{kind: text, model: llama-3.1-8b, arrival: {{kind: poisson, rate: 2}}, prompt_tokens: 100, output_tokens: 10}}");
        Assert.Equal(0, code);
        Assert.Equal("", error); // --quiet: no progress, no notes

        var lines = output.Split('\n');
        var header = Assert.Single(lines, l => l.TrimStart().StartsWith("class ", StringComparison.Ordinal));
        Assert.Contains("TTFT p50 (ms)", header);
        Assert.Contains("E2E p99 (ms)", header);
        Assert.Contains("SLO (%)", header);

        // The row starts with the whole name and carries every column's figure on the same line.
        var row = Assert.Single(lines, l => l.Contains(name, StringComparison.Ordinal));
        Assert.StartsWith(name, row.Trim());
        Assert.Equal(header.Split("  ", StringSplitOptions.RemoveEmptyEntries).Length, row.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain("note:", output);
        Assert.DoesNotContain("wrote ", output);
    }
}

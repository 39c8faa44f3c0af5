using System.Text.Json;

namespace ClusterSim.Cli.Tests.Run;

/// <summary>
/// A video or avatar class with nothing measured reports "no data" everywhere it is shown: null in summary.json,
/// "-" in the table, "no data" in the report; never a 0 that reads as a latency or an attainment.
/// </summary>
public sealed class NoDataKindTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clustersim-nodata-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private (JsonElement Class, string Table, string Report) Run(string scenario, string kind, string name, params string[] sets)
    {
        var dir = Path.Combine(_folder, Guid.NewGuid().ToString("N"));
        string[] args = ["run", Path.Combine(CliRunner.RepositoryRoot, "scenarios", scenario), "--out", dir, "--quiet", "--no-charts", "--no-requests", .. sets.SelectMany(s => new[] { "--set", s })];
        var (code, output, error) = CliRunner.Run(args);
        Assert.True(code == 0, error);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        var row = Assert.Single(output.Split('\n'), l => l.StartsWith(name + " ", StringComparison.Ordinal));
        var report = File.ReadAllText(Path.Combine(dir, "report.html"));
        var at = report.IndexOf($"<tr><td>{name}</td><td class=\"num\">", StringComparison.Ordinal);
        Assert.True(at >= 0, "the report has no row for " + name);
        return (summary.RootElement.GetProperty(kind).GetProperty(name).Clone(), row, report[at..report.IndexOf("</tr>", at, StringComparison.Ordinal)]);
    }

    [Fact]
    public void A_video_class_finished_only_in_the_warm_up_reports_no_data()
    {
        // video-farm warms up for 30 min; 20 s after it, every finished video arrived during the warm-up.
        var (c, row, report) = Run("video-farm.yaml", "video", "text-to-video", "run.duration=20s");
        Assert.True(c.GetProperty("completed").GetInt64() > 0, "the videos did finish: this is about measurement, not an idle class");
        Assert.Equal(0, c.GetProperty("measured").GetInt64());
        foreach (var key in new[] { "slo_attainment", "accelerator_seconds_per_video_second", "cost_usd_per_video_second" })
        {
            Assert.Equal(JsonValueKind.Null, c.GetProperty(key).ValueKind);
        }

        Assert.All(c.GetProperty("time_to_video_s").EnumerateObject(), p => Assert.Equal(JsonValueKind.Null, p.Value.ValueKind));
        Assert.All(c.GetProperty("queue_s").EnumerateObject(), p => Assert.Equal(JsonValueKind.Null, p.Value.ValueKind));
        Assert.False(c.GetProperty("meets_slo").GetBoolean()); // no evidence is not a pass

        // arrived, done, reject are counts; every latency, the deadline share and the per-second figures read "-".
        var cells = row.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];
        Assert.Equal(["-", "-", "-", "-", "-", "-"], cells[3..]);
        Assert.Equal(2, report.Split("no data").Length - 1); // attainment and verdict
    }

    [Fact]
    public void A_video_class_with_measurements_reports_figures()
    {
        // The same class measured for two hours: the fields above carry numbers, so the test above can tell.
        var (c, row, _) = Run("video-farm.yaml", "video", "text-to-video", "run.duration=2h");
        Assert.True(c.GetProperty("measured").GetInt64() > 0);
        Assert.Equal(JsonValueKind.Number, c.GetProperty("slo_attainment").ValueKind);
        Assert.True(c.GetProperty("time_to_video_s").GetProperty("p50").GetDouble() > 0);
        Assert.DoesNotContain(" - ", row);
    }

    [Fact]
    public void An_avatar_class_with_no_frame_reports_no_data()
    {
        var (c, row, report) = Run("avatar-streaming.yaml", "avatar", "avatars", "workloads.avatars.arrival.rate=0.000001", "run.duration=60s");
        Assert.Equal(0, c.GetProperty("frames").GetInt64());
        foreach (var key in new[] { "frame_miss_rate", "slo_attainment", "frame_jitter_s" })
        {
            Assert.Equal(JsonValueKind.Null, c.GetProperty(key).ValueKind);
        }

        foreach (var key in new[] { "frame_latency_s", "startup_s", "turn_latency_s" })
        {
            Assert.All(c.GetProperty(key).EnumerateObject(), p => Assert.Equal(JsonValueKind.Null, p.Value.ValueKind));
        }

        // sessions, admit, reject, frames are counts; miss rate, frame p99, jitter and startup p99 read "-".
        var cells = row.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];
        Assert.Equal(["-", "-", "-", "-"], cells[4..8]);
        Assert.Equal(2, report.Split("no data").Length - 1);
    }
}

using System.Globalization;
using ClusterSim.Analysis.Outputs;
using ClusterSim.Analysis.Summaries;
using ClusterSim.Analysis.Tests.Charts;
using ClusterSim.Engine.Core;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving.Avatar;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Video;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Tests.Outputs;

/// <summary>
/// video-requests.csv and image-requests.csv: one row per request of the kind, completed or turned away, and
/// avatar-sessions.csv, one row per session, streamed or rejected; adding up to what summary.json counts, and writing
/// them changes nothing the run simulates.
/// </summary>
public sealed class KindRequestLogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("clustersim-kind-requests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (ServingResult Result, IReadOnlyList<string> Written) Run(string file, params string[] sets)
    {
        var compiled = ScenarioCompiler.Compile(ScenarioLoader.Load(Path.Combine(SmallRun.RepoRoot, "scenarios", file), sets));
        using var outputs = RunOutputs.Open(new RunOutputOptions { Directory = _dir, Charts = false, Report = false, Stable = true });
        var result = ClusterRun.Execute(compiled, observers: outputs.Observers);
        return (result, outputs.Commit(result, compiled));
    }

    private List<Dictionary<string, string>> Rows(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(_dir, file));
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second))];
    }

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    [Fact]
    public void A_video_farm_past_its_queue_writes_every_clip_completed_or_refused_as_its_summary_counts_them()
    {
        // 0.03 clips a second on four replicas of 243 s a clip alone overflows their queues of 20: some are turned away.
        var (result, written) = Run("video-farm.yaml", "workloads[text-to-video].arrival.rate=0.03", "run.duration=3h");
        Assert.Contains(Path.Combine(_dir, "video-requests.csv"), written);
        var rows = Rows("video-requests.csv");
        var video = result.Kinds.Single(k => k.Kind == "video");
        var cls = video.Classes.Single();
        var metrics = (VideoClassMetrics)video.Metrics.Single();

        Assert.Equal(metrics.Arrived, rows.Count);
        var refused = rows.Where(r => r["state"] == "refused").ToList();
        Assert.Equal(metrics.Rejected, refused.Count);
        Assert.True(refused.Count > 0, "the rate was chosen to overflow the queues");
        Assert.All(refused, r => Assert.Equal(("-1", "-1", "-1", "0"), (r["replica"], r["queue_s"], r["latency_s"], r["steps_done"])));
        Assert.Equal(metrics.Completed, rows.Count(r => r["state"] == "completed"));
        Assert.Equal(rows.Count, rows.Select(r => r["id"]).Distinct().Count());

        // The measured clips (arrived after warm-up) are the summary's: their count, mean time to video and accelerator-seconds.
        var warmup = SimTime.ToSeconds(result.MeasuredFromNs);
        var measured = rows.Where(r => r["state"] == "completed" && D(r["arrival_s"]) >= warmup).ToList();
        Assert.Equal(cls.Completed, measured.Count);
        Assert.Equal(metrics.Latency.ToSummary().Mean, measured.Average(r => D(r["latency_s"])), 6);
        Assert.Equal(metrics.AcceleratorSeconds, measured.Sum(r => D(r["accelerator_seconds"])), 3);
        Assert.All(measured, r => Assert.Equal(("81", "1280", "720", "50"), (r["frames"], r["width"], r["height"], r["steps_done"])));
    }

    [Fact]
    public void A_studio_writes_a_file_per_kind_with_its_own_sizes_beside_the_text_one()
    {
        var (result, written) = Run("multimodal-studio.yaml", "run.duration=10m", "run.warmup=1m");

        Assert.Contains(Path.Combine(_dir, "requests.csv"), written);
        Assert.Contains(Path.Combine(_dir, "image-requests.csv"), written);
        var images = Rows("image-requests.csv");
        var image = result.Kinds.Single(k => k.Kind == "image");
        Assert.Equal(image.Classes.Sum(c => c.Arrived), images.Count);
        Assert.Equal(["flux-images", "sdxl-images"], images.Select(r => r["class"]).Distinct().Order());
        Assert.All(images.Where(r => r["class"] == "sdxl-images"), r => Assert.Equal(("1024", "1024", "1"), (r["width"], r["height"], r["images"])));
    }

    [Fact]
    public void Writing_the_kind_requests_changes_nothing_the_run_simulates()
    {
        var path = Path.Combine(SmallRun.RepoRoot, "scenarios", "video-farm.yaml");
        string[] sets = ["workloads[text-to-video].arrival.rate=0.03", "run.duration=3h"];
        var alone = ClusterRun.Execute(ScenarioCompiler.Compile(ScenarioLoader.Load(path, sets)));
        var (logged, _) = Run("video-farm.yaml", sets);
        Assert.Equal(SummaryJson.Write(alone, includeWallClock: false), SummaryJson.Write(logged, includeWallClock: false));
    }

    /// <summary>Sessions at 0.5 a second on eight replicas with room for 48, for 30 minutes without warm-up: many rejected.</summary>
    private static readonly string[] Avatars = ["workloads.avatars.arrival.rate=0.5", "run.duration=30m", "run.warmup=0s"];

    [Fact]
    public void An_avatar_stream_writes_every_session_streamed_or_rejected_as_its_summary_counts_them()
    {
        var (result, written) = Run("avatar-streaming.yaml", Avatars);
        Assert.Contains(Path.Combine(_dir, "avatar-sessions.csv"), written);
        var rows = Rows("avatar-sessions.csv");
        var c = (AvatarClassMetrics)result.Kinds.Single(k => k.Kind == "avatar").Metrics.Single();

        // Every session that arrived is a row, once; the run drains, so none is still streaming at its end.
        Assert.Equal(0, c.SessionsActive);
        Assert.Equal(c.SessionsArrived, rows.Count);
        Assert.Equal(rows.Count, rows.Select(r => r["id"]).Distinct().Count());
        var rejected = rows.Where(r => r["state"] == "rejected").ToList();
        Assert.Equal(c.SessionsRejected, rejected.Count);
        Assert.True(rejected.Count > 0, "the rate was chosen past the node's sessions");
        Assert.All(rejected, r => Assert.Equal(("-1", "-1", "-1", "0"), (r["replica"], r["startup_s"], r["duration_s"], r["frames_delivered"])));
        var streamed = rows.Where(r => r["state"] == "completed").ToList();
        Assert.Equal(c.SessionsCompleted, streamed.Count);

        // Without warm-up the class counts every frame: the rows' frames add up to its, and each row's to its own length.
        Assert.Equal(c.FramesDeliveredTotal, streamed.Sum(r => long.Parse(r["frames_delivered"], CultureInfo.InvariantCulture)));
        Assert.Equal(c.FramesLate, streamed.Sum(r => long.Parse(r["frames_late"], CultureInfo.InvariantCulture)));
        Assert.Equal(c.FramesSkipped, streamed.Sum(r => long.Parse(r["frames_skipped"], CultureInfo.InvariantCulture)));
        Assert.All(streamed, r => Assert.Equal(D(r["frames"]), D(r["frames_delivered"]) + D(r["frames_skipped"])));
        Assert.All(streamed, r => Assert.Equal(D(r["length_s"]), D(r["frames"]) / 25, 6));

        // Start-up: the class's histogram holds one value a session that delivered a frame, its mean theirs.
        var started = streamed.Where(r => r["startup_s"] != "-1").ToList();
        Assert.Equal(c.Startup.Count, started.Count);
        Assert.Equal(c.Startup.Mean / 1e9, started.Average(r => D(r["startup_s"])), 9);
        Assert.Equal(c.FrameLatency.Max / 1e9, streamed.Max(r => D(r["max_frame_latency_s"])), 9);
    }

    [Fact]
    public void Writing_the_avatar_sessions_changes_nothing_the_run_simulates()
    {
        var path = Path.Combine(SmallRun.RepoRoot, "scenarios", "avatar-streaming.yaml");
        var alone = ClusterRun.Execute(ScenarioCompiler.Compile(ScenarioLoader.Load(path, Avatars)));
        var (logged, _) = Run("avatar-streaming.yaml", Avatars);
        Assert.Equal(SummaryJson.Write(alone, includeWallClock: false), SummaryJson.Write(logged, includeWallClock: false));
    }
}

using System.Text.Json;
using ClusterSim.Analysis.Summaries;
using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using ClusterSim.Model.Runs;

namespace ClusterSim.Analysis.Tests.Summaries;

/// <summary>summary.json of a cluster serving text, video and avatars: each class against its own SLO.</summary>
public sealed class MultimodalSummaryTests
{
    private static string Run(ulong seed)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ClusterSim.sln")))
        {
            dir = dir.Parent;
        }

        var scenario = ScenarioLoader.Load(Path.Combine(dir!.FullName, "scenarios", "multimodal-priorities.yaml"), sets: ["run.duration=5m", "run.warmup=1m"]);
        var compiled = ScenarioCompiler.Compile(scenario, seed);
        var result = ClusterRun.Execute(compiled);
        return SummaryJson.Write(result, includeWallClock: false);
    }

    [Fact]
    public void Video_and_avatar_classes_are_reported_with_their_own_targets_and_verdicts()
    {
        using var doc = JsonDocument.Parse(Run(5));
        var root = doc.RootElement;

        var chat = root.GetProperty("classes").GetProperty("chat");
        Assert.Equal(0.5, chat.GetProperty("slo").GetProperty("ttft_s").GetDouble());
        Assert.Equal(99, chat.GetProperty("slo").GetProperty("percentile").GetDouble());
        Assert.Equal(JsonValueKind.Null, chat.GetProperty("slo").GetProperty("e2e_s").ValueKind);
        Assert.False(root.GetProperty("overall").TryGetProperty("slo", out _));

        var preview = root.GetProperty("video").GetProperty("video-preview");
        Assert.Equal(120, preview.GetProperty("slo").GetProperty("deadline_s").GetDouble());
        foreach (var key in new[] { "arrived", "completed", "rejected", "in_flight", "slo_attainment", "meets_slo", "time_to_video_s", "queue_s",
                     "accelerator_seconds", "cost_usd_per_video_second", "preemptions" })
        {
            Assert.True(preview.TryGetProperty(key, out _), key);
        }

        Assert.Equal(preview.GetProperty("arrived").GetInt64(),
            preview.GetProperty("completed").GetInt64() + preview.GetProperty("rejected").GetInt64() + preview.GetProperty("in_flight").GetInt64());

        // Videos are counted over the span from the end of warm-up (1 min) to the end of the run,
        // drain included, unlike the text rates' arrival window.
        var span = root.GetProperty("simulated_seconds").GetDouble() - 60;
        foreach (var video in root.GetProperty("video").EnumerateObject())
        {
            Assert.Equal(video.Value.GetProperty("measured").GetInt64() / span * 3600, video.Value.GetProperty("videos_per_hour").GetDouble(), 9);
        }

        Assert.True(preview.GetProperty("measured").GetInt64() > 0);

        var live = root.GetProperty("avatar").GetProperty("avatars-live");
        Assert.Equal(0.040, live.GetProperty("slo").GetProperty("frame_deadline_s").GetDouble());
        foreach (var key in new[] { "sessions_admitted", "sessions_rejected", "frame_miss_rate", "frame_jitter_s", "frame_latency_s", "startup_s",
                     "meets_slo", "concurrent_sessions_per_accelerator" })
        {
            Assert.True(live.TryGetProperty(key, out _), key);
        }

        Assert.Equal(live.GetProperty("sessions_arrived").GetInt64(),
            live.GetProperty("sessions_admitted").GetInt64() + live.GetProperty("sessions_rejected").GetInt64());
        Assert.Contains(root.GetProperty("replicas").EnumerateArray(), r => r.GetProperty("role").GetString() == "video");
        Assert.Contains(root.GetProperty("replicas").EnumerateArray(), r => r.GetProperty("role").GetString() == "avatar");
    }

    [Fact]
    public void A_multimodal_run_is_byte_identical_for_the_same_seed()
        => Assert.Equal(Run(3), Run(3));
}

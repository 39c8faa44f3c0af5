using System.Globalization;
using ClusterSim.Analysis.Fleets;
using ClusterSim.Analysis.Sweeps;
using ClusterSim.Model.Metrics;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Fleets;

namespace ClusterSim.Analysis.Tests.Fleets;

public sealed class FleetMergeTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "clustersim-fleet-" + Guid.NewGuid().ToString("N"));

    private static string SmallFleet => Path.Combine(Root(), "scenarios", "fleets", "small-8.yaml");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void Fleet_and_sweep_merges_are_the_same_bytes_for_1_3_and_8_shards()
    {
        var fleet = Fleet.Prepare(SmallFleet);
        var sweep = Sweep.Prepare(null, ["run.duration=4s", "workloads.chat.arrival.rate=2,4,6,8,10,12,14,16"], replications: 1);
        var whole = Path.Combine(_folder, "whole");
        Fleet.Run(fleet).WriteOutputs(whole);
        Sweep.Run(sweep).WriteOutputs(Path.Combine(whole, "sweep"));
        foreach (var n in new[] { 1, 3, 8 })
        {
            var shards = Path.Combine(_folder, n.ToString(CultureInfo.InvariantCulture));
            for (var i = 0; i < n; i++)
            {
                Fleet.Run(fleet, new ShardSpec(i, n)).WriteShard(shards);
                Sweep.Run(sweep, new ShardSpec(i, n)).WriteShard(shards);
            }

            var merged = Path.Combine(shards, "merged");
            FleetShards.Merge(FleetShards.Find([shards])).WriteOutputs(merged);
            SweepShards.Merge(SweepShards.Find([shards])).WriteOutputs(Path.Combine(merged, "sweep"));
            foreach (var file in new[] { "fleet.json", "sites.csv", "clusters.csv", "sweep/sweep.csv", "sweep/sweep.json", "sweep/runs.csv" })
            {
                Assert.True(File.ReadAllBytes(Path.Combine(whole, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(merged, file))), $"{file} differs with {n} shard(s)");
            }
        }
    }

    [Fact]
    public void Fleet_percentiles_are_those_of_every_request_of_every_cluster_run_on_its_own()
    {
        var plan = Fleet.Prepare(SmallFleet);
        Fleet.Run(plan).WriteOutputs(_folder);

        // Independent truth: each cluster loaded from its scenario with the overrides the fleet file
        // implies, run directly, and every request's TTFT pooled in one histogram.
        var spec = FleetLoader.Load(SmallFleet);
        var pooled = new LatencyHistogram();
        long arrived = 0;
        foreach (var c in spec.Clusters)
        {
            var r = ClusterRun.Execute(ScenarioCompiler.Compile(ScenarioLoader.Load(c.ScenarioPath, c.Sets)));
            pooled.Merge(r.Overall.Ttft);
            arrived += r.Overall.Arrived;
        }

        var total = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_folder, "fleet.json"))).RootElement.GetProperty("total");
        Assert.Equal(arrived, total.GetProperty("arrived").GetInt64());
        Assert.Equal(pooled.ValueAtPercentile(99) / 1e9, total.GetProperty("ttft_p99_s").GetDouble());
        Assert.Equal(pooled.ValueAtPercentile(50) / 1e9, total.GetProperty("ttft_p50_s").GetDouble());
        Assert.Equal(8, total.GetProperty("clusters").GetInt32());
    }

    /// <summary>A fleet of two mixed clusters (chat, avatar, video) and one chat-only cluster, a minute each.</summary>
    private string MixedFleet()
    {
        Directory.CreateDirectory(_folder);
        var mixed = Path.Combine(Root(), "scenarios", "mixed-multimodal.yaml");
        var chat = Path.Combine(Root(), "scenarios", "default.yaml");
        var path = Path.Combine(_folder, "mixed.yaml");
        File.WriteAllText(path, string.Join('\n',
            "name: mixed",
            "front_door: {workload: chat, mean_rate: 12}",
            "sites:",
            $"  a: {{scenario: {mixed}, clusters: 2, set: {{run.duration: 1m, run.warmup: 10s, workloads.video.arrival.rate: 0.05, workloads.video.arrival.burst_rate: 0.1, workloads.avatar.arrival.rate: 0.2}}}}",
            $"  b: {{scenario: {chat}, set: {{run.duration: 1m, run.warmup: 10s}}}}",
            ""));
        return path;
    }

    [Fact]
    public void Classes_of_other_kinds_are_counted_exactly_and_noted_as_outside_the_text_figures()
    {
        var path = MixedFleet();
        var plan = Fleet.Prepare(path);
        var whole = Path.Combine(_folder, "whole");
        var result = Fleet.Run(plan);
        result.WriteOutputs(whole);
        Assert.Equal(FleetOutputs.OtherKindsNote, result.OtherKindsNote);

        // Independent truth: each cluster run directly, its video and avatar classes read through the kinds' own metric objects.
        long videoArrived = 0, videoCompleted = 0, videoMeasured = 0, videoOnTime = 0, sessions = 0, frames = 0, framesOnTime = 0;
        var timeToVideo = new LatencyHistogram();
        var frameLatency = new LatencyHistogram();
        foreach (var c in FleetLoader.Load(path).Clusters)
        {
            var r = ClusterRun.Execute(ScenarioCompiler.Compile(ScenarioLoader.Load(c.ScenarioPath, c.Sets)));
            foreach (var v in r.Video)
            {
                (videoArrived, videoCompleted, videoMeasured) = (videoArrived + v.Arrived, videoCompleted + v.Completed, videoMeasured + v.Measured);
                videoOnTime += v.DeadlineMet;
                timeToVideo.Merge(v.Latency);
            }

            foreach (var a in r.Avatar)
            {
                (sessions, frames) = (sessions + a.SessionsCompleted, frames + a.Frames);
                framesOnTime += a.Frames - a.FramesMissed;
                frameLatency.Merge(a.FrameLatency);
            }
        }

        Assert.True(videoArrived > 0 && frames > 0, "the fixture must exercise both kinds");
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(whole, "fleet.json")));
        var other = json.RootElement.GetProperty("other_kinds");
        Assert.Equal(FleetOutputs.OtherKindsNote, other.GetProperty("note").GetString());
        var video = other.GetProperty("classes").GetProperty("video/video");
        Assert.Equal(2, video.GetProperty("clusters").GetInt32());
        Assert.Equal(videoArrived, video.GetProperty("arrived").GetInt64());
        Assert.Equal(videoCompleted, video.GetProperty("completed").GetInt64());
        Assert.Equal(videoMeasured, video.GetProperty("measured").GetInt64());
        var avatar = other.GetProperty("classes").GetProperty("avatar/avatar");
        Assert.Equal(sessions, avatar.GetProperty("sessions_completed").GetInt64());
        Assert.Equal(frames, avatar.GetProperty("frames").GetInt64());

        // A maximum does not add up over clusters: it is left out rather than summed.
        Assert.False(avatar.TryGetProperty("max_concurrent_sessions", out _));

        // Latencies and attainment merge exactly: the percentiles of every clip (frame) of both clusters, and the share of all
        // of them that met the target (before 2026-12-07 the fleet left them out).
        Assert.Equal(timeToVideo.ToSummary().P99, video.GetProperty("time_to_video_s").GetProperty("p99").GetDouble());
        Assert.Equal(timeToVideo.ToSummary().Mean, video.GetProperty("time_to_video_s").GetProperty("mean").GetDouble(), 9);
        Assert.Equal((double)videoOnTime / videoMeasured, video.GetProperty("slo_attainment").GetDouble(), 12);
        Assert.Equal(frameLatency.ToSummary().P99, avatar.GetProperty("frame_latency_s").GetProperty("p99").GetDouble());
        Assert.Equal((double)framesOnTime / frames, avatar.GetProperty("slo_attainment").GetDouble(), 12);
        Assert.False(video.TryGetProperty("videos_per_hour", out _), "a rate over each cluster's own span does not add up");

        // Exact whatever the shard count, as the text figures are.
        foreach (var n in new[] { 2, 3 })
        {
            var shards = Path.Combine(_folder, n.ToString(CultureInfo.InvariantCulture));
            for (var i = 0; i < n; i++)
            {
                Fleet.Run(plan, new ShardSpec(i, n)).WriteShard(shards);
            }

            var merged = FleetShards.Merge(FleetShards.Find([shards]));
            Assert.Equal(FleetOutputs.OtherKindsNote, merged.OtherKindsNote);
            merged.WriteOutputs(Path.Combine(shards, "merged"));
            Assert.True(File.ReadAllBytes(Path.Combine(whole, "fleet.json")).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(shards, "merged", "fleet.json"))), $"fleet.json differs with {n} shards");
        }
    }

    [Fact]
    public void A_fleet_of_text_classes_only_has_no_other_kinds_section_or_note()
    {
        var result = Fleet.Run(Fleet.Prepare(SmallFleet), new ShardSpec(0, 4));
        Assert.Null(result.OtherKindsNote);
        Assert.All(result.Clusters, c => Assert.Empty(c.OtherClasses));
    }

    [Fact]
    public void Front_door_shifts_each_site_peak_by_its_utc_offset_and_splits_the_rate_by_share()
    {
        var spec = FleetLoader.Load(SmallFleet);
        Assert.Equal(8, spec.Clusters.Count);
        Assert.Equal(64, spec.Clusters.Sum(c => c.Rate), 9);

        // us-east share 3 of 3*2+3*2+2*3+1*1 = 19 per cluster; 14:00 at UTC-5 is 19:00 UTC.
        var east = spec.Clusters[0];
        Assert.Equal("us-east-0", east.Name);
        Assert.Equal(64.0 * 3 / 19, east.Rate, 12);
        Assert.Contains(east.Sets, s => s.StartsWith("workloads.chat.arrival={kind: diurnal", StringComparison.Ordinal) && s.EndsWith("peak_at: 68400}", StringComparison.Ordinal));

        // ap-east at UTC+8: 14:00 local is 06:00 UTC.
        Assert.EndsWith("peak_at: 21600}", spec.Clusters.Single(c => c.Name == "ap-east-2").Sets[^2]);
        Assert.Equal(["run.seed=11", "run.seed=12"], spec.Clusters.Take(2).Select(c => c.Sets[^1]));
    }

    [Fact]
    public void The_global_fleet_file_is_a_day_of_a_billion_requests_on_100_000_accelerators()
    {
        // The fleet: 100 clusters of 1,000 accelerators over a simulated day, about 1e9 requests, in one file.
        var path = Path.Combine(Path.GetDirectoryName(SmallFleet)!, "global-100.yaml");
        var spec = FleetLoader.Load(path);
        Assert.Equal(100, spec.Clusters.Count);
        Assert.Equal(100, spec.Clusters.Select(c => c.Site + "/" + c.Name).Distinct().Count());

        // Every cluster takes the same mean rate (share 1 each); the day's requests are the mean rate x 86,400 s.
        Assert.All(spec.Clusters, c => Assert.Equal(11_574 / 100.0, c.Rate, 9));
        Assert.InRange(spec.Clusters.Sum(c => c.Rate) * 86_400, 0.99e9, 1.01e9);

        // Each cluster is the 1,000-accelerator site scenario run for a day.
        var site = ScenarioLoader.Load(spec.Clusters[0].ScenarioPath, spec.Clusters[0].Sets);
        var node = Assert.Single(site.Hardware.Nodes);
        Assert.Equal(1_000, node.Count * node.PerNode);
        Assert.Equal(86_400.0, site.Run.DurationSeconds!.Value, 6);
    }

    [Fact]
    public void A_bad_fleet_file_is_refused_with_every_error_located()
    {
        var path = Path.Combine(_folder, "bad.yaml");
        Directory.CreateDirectory(_folder);
        File.WriteAllText(path, "name: x\nfront_door: {workload: chat, mean_rate: -1, split: sometimes}\nsites:\n  eu: {scenario: nowhere.yaml, clusterz: 2}\n");
        var ex = Assert.Throws<ScenarioException>(() => FleetLoader.Load(path));
        var messages = ex.Errors.Select(e => e.ToString()).ToList();
        Assert.Contains(messages, m => m.StartsWith($"{path}:2:", StringComparison.Ordinal) && m.Contains("-1", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith($"{path}:2:", StringComparison.Ordinal) && m.Contains("'sometimes' is not a split", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith($"{path}:4:", StringComparison.Ordinal) && m.Contains("nowhere.yaml' not found", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith($"{path}:4:", StringComparison.Ordinal) && m.Contains("did you mean 'clusters'", StringComparison.Ordinal));
    }

    [Fact]
    public void Merge_names_the_missing_fleet_shard()
    {
        var plan = Fleet.Prepare(SmallFleet);
        Fleet.Run(plan, new ShardSpec(0, 3)).WriteShard(_folder);
        Fleet.Run(plan, new ShardSpec(2, 3)).WriteShard(_folder);
        var ex = Assert.Throws<SweepInputException>(() => FleetShards.Merge(FleetShards.Find([_folder])));
        Assert.Equal("shard 1/3 is missing (fleet-shard-1-of-3.json)", ex.Errors[0]);
    }

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ClusterSim.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ClusterSim.sln not found");
    }
}

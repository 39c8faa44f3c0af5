using System.Text.Json;
using ClusterSim.Analysis.Charts;
using ClusterSim.Analysis.Tests.Charts;
using ClusterSim.Analysis.Timeline;
using ClusterSim.Model.Serving.Avatar;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Kinds;
using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Analysis.Tests.Timeline;

public sealed class ChromeTraceTests
{
    // About 0.35 GB of KV cache per TP2 replica (2 x 80 GiB x 0.115 - 16 GB of weights - activations, 5,312 tokens): it preempts.
    private static readonly string[] Tight = [.. SmallRun.Short, "deployments.llama-8b.memory_fraction=0.115"];

    private static (ServingResult Result, byte[] Json, ChromeTraceRecorder Recorder) Record(string[] sets, int maxEvents = ChromeTraceRecorder.DefaultMaxEvents)
    {
        using var stream = new MemoryStream();
        var recorder = new ChromeTraceRecorder(stream, maxEvents, leaveOpen: true);
        var (_, _, result) = SmallRun.Run(sets, log: recorder, tracer: recorder);
        recorder.Complete(result);
        recorder.Dispose();
        return (result, stream.ToArray(), recorder);
    }

    [Fact]
    public void Timeline_has_one_complete_event_per_iteration_adding_up_to_each_replicas_busy_time()
    {
        var (result, json, _) = Record(Tight);
        using var doc = JsonDocument.Parse(json);
        var events = doc.RootElement.GetProperty("traceEvents").EnumerateArray().ToList();
        var iterations = events.Where(e => e.GetProperty("ph").GetString() == "X").ToList();
        foreach (var replica in result.Replicas)
        {
            var mine = iterations.Where(e => e.GetProperty("tid").GetInt32() == replica.Index + 1).ToList();
            Assert.Equal(replica.Iterations, mine.Count);

            // Iterations of one replica never overlap (a track must nest), and their durations add up
            // to the busy time the replica counted itself.
            decimal previousEnd = 0, busyUs = 0;
            foreach (var e in mine)
            {
                var ts = e.GetProperty("ts").GetDecimal();
                var dur = e.GetProperty("dur").GetDecimal();
                Assert.True(ts >= previousEnd, $"replica {replica.Index}: iteration at {ts} us starts before the last ended at {previousEnd} us");
                previousEnd = ts + dur;
                busyUs += dur;
                var args = e.GetProperty("args");
                Assert.Equal(args.GetProperty("prefill_sequences").GetInt32() + args.GetProperty("decode_sequences").GetInt32(), args.GetProperty("sequences").GetInt32());
                Assert.True(args.GetProperty("sequences").GetInt32() > 0);
            }

            Assert.Equal(replica.Utilization * result.SimulatedNs / 1e3, (double)busyUs, 3);
        }
    }

    [Fact]
    public void An_avatar_replicas_batches_are_slices_on_its_track_adding_up_to_its_busy_time_and_the_busy_chart_follows_them()
    {
        // Before, an avatar replica drew nothing and read idle on the busy chart. Its batches of frames (and reply turns) are
        // its busy time: one slice each on its track, none overlapping, adding up to it; the busy chart's mean its utilization.
        using var stream = new MemoryStream();
        var recorder = new ChromeTraceRecorder(stream, maxEvents: 4_000_000, leaveOpen: true);
        var utilization = new UtilizationRecorder();
        var (_, _, result) = SmallRun.Run(["run.duration=3m", "run.warmup=30s"], log: recorder, tracer: ReplicaTracers.Combine(recorder, utilization),
            file: Path.Combine(SmallRun.RepoRoot, "scenarios", "avatar-streaming.yaml"));
        recorder.Complete(result);
        recorder.Dispose();
        Assert.False(recorder.Capped);
        using var doc = JsonDocument.Parse(stream.ToArray());
        var steps = doc.RootElement.GetProperty("traceEvents").EnumerateArray().Where(e => e.GetProperty("ph").GetString() == "X").ToList();
        Assert.All(steps, e => Assert.Equal("avatar step", e.GetProperty("name").GetString()));
        Assert.Contains(result.Replicas, r => r.Utilization > 0);
        foreach (var replica in result.Replicas)
        {
            var mine = SlicesAddUpToBusyTime(steps, replica, result, utilization);
            Assert.True(mine.Count >= replica.Iterations, "every batch of frames is a slice (reply turns too)");
        }
    }

    [Fact]
    public void An_avatar_session_is_a_slice_from_arrival_to_its_last_frame_split_at_its_first()
    {
        // Sessions of about 20 s for three minutes, so most end within the run: each one that streamed to its end is one
        // async slice on the requests track, starting at its arrival; its "starting" part ends at its first frame, where
        // "streaming" begins, and both end where it does. The sessions' own records (the same calls) give the times.
        using var stream = new MemoryStream();
        var sessions = new List<AvatarSessionRecord>();
        var inner = new SessionList(sessions);
        var recorder = new ChromeTraceRecorder(stream, maxEvents: 4_000_000, leaveOpen: true, inner: inner);
        var (_, _, result) = SmallRun.Run(["run.duration=3m", "run.warmup=0s", "workloads.avatars.arrival.rate=0.5",
            "workloads.avatars.session_length={kind: lognormal, mean: 20s, cv: 0.5, min: 5s, max: 60s}"], log: recorder,
            file: Path.Combine(SmallRun.RepoRoot, "scenarios", "avatar-streaming.yaml"));
        recorder.Complete(result);
        recorder.Dispose();
        Assert.False(recorder.Capped);
        var streamed = sessions.Where(s => !s.Rejected).ToList();
        Assert.True(streamed.Count > 20, $"{streamed.Count} sessions streamed");

        using var doc = JsonDocument.Parse(stream.ToArray());
        var events = doc.RootElement.GetProperty("traceEvents").EnumerateArray()
            .Where(e => e.TryGetProperty("id", out var id) && id.GetString()!.StartsWith("avatar-", StringComparison.Ordinal)).ToList();
        decimal Us(long ns) => ns / 1000m;
        decimal At(string id, string name, string ph) => events.Single(e => e.GetProperty("id").GetString() == id
            && e.GetProperty("name").GetString() == name && e.GetProperty("ph").GetString() == ph).GetProperty("ts").GetDecimal();
        Assert.Equal(streamed.Count * 6, events.Count);
        foreach (var s in streamed)
        {
            var id = "avatar-" + s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(Us(s.ArrivalNs), At(id, "avatars", "b"));
            Assert.Equal(Us(s.FirstFrameNs), At(id, "starting", "e"));
            Assert.Equal(Us(s.FirstFrameNs), At(id, "streaming", "b"));
            Assert.Equal(Us(s.EndNs), At(id, "streaming", "e"));
            Assert.Equal(Us(s.EndNs), At(id, "avatars", "e"));
        }
    }

    private sealed class SessionList(List<AvatarSessionRecord> sessions) : IRequestLog, IKindRequestLog
    {
        public void Write(TextRequest request, string className)
        {
        }

        public void Write(StepRequest request, string kind, string className)
        {
        }

        public void Session(AvatarSessionRecord session, string className) => sessions.Add(session);
    }

    /// <summary>
    /// A replica's slices on its track never overlap and add up to the busy time it counted itself, and the busy-over-time
    /// recorder fed by the same calls gives its utilization as its time-weighted mean. Returns the replica's slices.
    /// </summary>
    private static List<JsonElement> SlicesAddUpToBusyTime(List<JsonElement> slices, ReplicaStats replica, ServingResult result, UtilizationRecorder utilization)
    {
        var mine = slices.Where(e => e.GetProperty("tid").GetInt32() == replica.Index + 1).ToList();
        decimal previousEnd = 0, busyUs = 0;
        foreach (var e in mine)
        {
            var ts = e.GetProperty("ts").GetDecimal();
            Assert.True(ts >= previousEnd, $"replica {replica.Index}: a slice at {ts} us starts before the last ended at {previousEnd} us");
            previousEnd = ts + e.GetProperty("dur").GetDecimal();
            busyUs += e.GetProperty("dur").GetDecimal();
        }

        Assert.Equal(replica.Utilization * result.SimulatedNs / 1e3, (double)busyUs, 3);
        var buckets = utilization.Buckets(replica.Index, result.SimulatedNs);
        var mean = buckets.Sum(b => b.Mean * (b.EndNs - b.StartNs)) / result.SimulatedNs;
        Assert.Equal(replica.Utilization, mean, 9);
        return mine;
    }

    [Fact]
    public void A_video_replicas_steps_are_slices_on_its_track_adding_up_to_its_busy_time_and_the_busy_chart_follows_them()
    {
        // The video farm for two hours: every denoising step of a replica once on its track, none overlapping, their
        // durations its busy time (the DiT steps: utilization counts no decode stage); the busy-over-time recorder,
        // fed by the same steps, gives each replica's utilization as its time-weighted mean.
        using var stream = new MemoryStream();
        var recorder = new ChromeTraceRecorder(stream, leaveOpen: true);
        var utilization = new UtilizationRecorder();
        var (_, _, result) = SmallRun.Run(["run.duration=2h"], log: recorder, tracer: ReplicaTracers.Combine(recorder, utilization),
            file: Path.Combine(SmallRun.RepoRoot, "scenarios", "video-farm.yaml"));
        recorder.Complete(result);
        recorder.Dispose();
        using var doc = JsonDocument.Parse(stream.ToArray());
        var events = doc.RootElement.GetProperty("traceEvents").EnumerateArray().ToList();
        var steps = events.Where(e => e.GetProperty("ph").GetString() == "X").ToList();
        Assert.All(steps, e => Assert.Equal("video step", e.GetProperty("name").GetString()));
        Assert.Equal(4, result.Replicas.Count);
        foreach (var replica in result.Replicas)
        {
            var mine = SlicesAddUpToBusyTime(steps, replica, result, utilization);
            Assert.Equal(replica.Iterations, mine.Count);
            Assert.True(mine.Count > 0);
            Assert.All(mine, e => Assert.Equal(1, e.GetProperty("args").GetProperty("requests").GetInt32())); // max_batch 1
        }

        Assert.Contains(events, e => e.GetProperty("ph").GetString() == "M" && e.GetProperty("args").TryGetProperty("name", out var name)
                                     && name.GetString() == "replica 0 · wan-14b (video)");

        // Every clip that finished is an async slice from arrival to completion on its own id, split into queued and
        // running at the moment it first ran, on the replica the clip ran on.
        var clips = events.Where(e => e.GetProperty("ph").GetString() == "b" && e.GetProperty("name").GetString() == "text-to-video").ToList();
        var video = Assert.Single(result.Kinds.SelectMany(k => k.Metrics).OfType<ClusterSim.Model.Serving.Video.VideoClassMetrics>());
        Assert.Equal(video.Completed, clips.Count);
        Assert.Equal(clips.Count, clips.Select(e => e.GetProperty("id").GetString()).Distinct().Count());
        foreach (var clip in clips)
        {
            var id = clip.GetProperty("id").GetString();
            Assert.StartsWith("video-", id, StringComparison.Ordinal);
            var mine = events.Where(e => e.TryGetProperty("id", out var i) && i.GetString() == id).ToList();
            Assert.Equal(6, mine.Count);
            decimal At(string ph, string name) => mine.Single(e => e.GetProperty("ph").GetString() == ph && e.GetProperty("name").GetString() == name).GetProperty("ts").GetDecimal();
            Assert.Equal(At("b", "text-to-video"), At("b", "queued"));
            Assert.Equal(At("e", "queued"), At("b", "running"));
            Assert.Equal(At("e", "running"), At("e", "text-to-video"));
            Assert.True(At("e", "text-to-video") > At("b", "running"));
            Assert.InRange(clip.GetProperty("args").GetProperty("replica").GetInt32(), 0, 3);
        }
    }

    [Fact]
    public void Every_finished_request_is_an_async_slice_split_into_queued_prefill_and_decode()
    {
        var (result, json, _) = Record(Tight);
        using var doc = JsonDocument.Parse(json);
        var asyncEvents = doc.RootElement.GetProperty("traceEvents").EnumerateArray()
            .Where(e => e.GetProperty("ph").GetString() is "b" or "e").ToList();

        // Nesting per id: every end closes the latest open begin of the same name, no later than it.
        var open = new Dictionary<string, Stack<(string Name, decimal Ts)>>();
        var requests = new HashSet<string>();
        foreach (var e in asyncEvents)
        {
            var id = e.GetProperty("id").GetString()!;
            var name = e.GetProperty("name").GetString()!;
            var ts = e.GetProperty("ts").GetDecimal();
            var stack = open.TryGetValue(id, out var s) ? s : open[id] = new Stack<(string, decimal)>();
            if (e.GetProperty("ph").GetString() == "b")
            {
                if (stack.Count == 0)
                {
                    Assert.True(requests.Add(id), $"request {id} drawn twice");
                    Assert.Equal("chat", name);
                }

                stack.Push((name, ts));
            }
            else
            {
                var (began, at) = stack.Pop();
                Assert.Equal(began, name);
                Assert.True(ts >= at);
            }
        }

        Assert.All(open.Values, s => Assert.Empty(s));
        Assert.Equal(result.Overall.Completed, requests.Count);
        var phases = asyncEvents.Where(e => e.GetProperty("ph").GetString() == "b").Select(e => e.GetProperty("name").GetString()).Distinct().Order();
        Assert.Equal(["chat", "decode", "prefill", "queued"], phases);
    }

    [Fact]
    public void Every_preemption_is_an_instant_event_on_its_replica()
    {
        var (result, json, _) = Record(Tight);
        using var doc = JsonDocument.Parse(json);
        var preemptions = doc.RootElement.GetProperty("traceEvents").EnumerateArray()
            .Where(e => e.GetProperty("ph").GetString() == "i" && e.GetProperty("name").GetString() == "preemption").ToList();
        var expected = result.Replicas.Sum(r => r.Preemptions);
        Assert.True(expected > 0, "the tight scenario was meant to preempt");
        Assert.Equal(expected, preemptions.Count);
        foreach (var replica in result.Replicas)
        {
            Assert.Equal(replica.Preemptions, preemptions.Count(e => e.GetProperty("tid").GetInt32() == replica.Index + 1));
        }
    }

    [Fact]
    public void Tracks_are_named_and_counters_and_metadata_are_present()
    {
        var (result, json, recorder) = Record(SmallRun.Short);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var events = root.GetProperty("traceEvents").EnumerateArray().ToList();
        var threadNames = events.Where(e => e.GetProperty("ph").GetString() == "M" && e.GetProperty("name").GetString() == "thread_name")
            .Select(e => e.GetProperty("args").GetProperty("name").GetString()).Order().ToList();
        Assert.Equal(result.Replicas.Select(r => $"replica {r.Index} · llama-8b (both)").Order(), threadNames);
        var counters = events.Where(e => e.GetProperty("ph").GetString() == "C").ToList();
        Assert.Equal(result.Replicas.Sum(r => r.Iterations), counters.Count);
        Assert.All(counters, c => Assert.InRange(c.GetProperty("args").GetProperty("kv_occupancy").GetDouble(), 0, 1));

        var other = root.GetProperty("otherData");
        Assert.False(other.GetProperty("capped").GetBoolean());
        Assert.Equal(recorder.EventsWritten, other.GetProperty("events").GetInt64());
        Assert.Equal(events.Count(e => e.GetProperty("ph").GetString() != "M"), recorder.EventsWritten);
        Assert.Equal("default", other.GetProperty("scenario").GetString());
        Assert.Equal("ms", root.GetProperty("displayTimeUnit").GetString());
    }

    [Fact]
    public void A_capped_timeline_stays_valid_json_says_where_it_stopped_and_keeps_requests_whole()
    {
        var (_, json, recorder) = Record(SmallRun.Short, maxEvents: 500);
        Assert.True(recorder.Capped);
        Assert.True(recorder.EventsWritten <= 500);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var events = root.GetProperty("traceEvents").EnumerateArray().ToList();
        const string Marker = "timeline capped: later events left out";
        Assert.Single(events, e => e.GetProperty("name").GetString() == Marker);
        Assert.Equal(recorder.EventsWritten, events.Count(e => e.GetProperty("ph").GetString() != "M" && e.GetProperty("name").GetString() != Marker));
        var begins = events.Count(e => e.GetProperty("ph").GetString() == "b");
        Assert.Equal(begins, events.Count(e => e.GetProperty("ph").GetString() == "e"));
        var other = root.GetProperty("otherData");
        Assert.True(other.GetProperty("capped").GetBoolean());
        Assert.Equal(recorder.EventsOmitted, other.GetProperty("omitted_events").GetInt64());
        Assert.Contains("capped at 500 events", other.GetProperty("note").GetString());
    }

    [Fact]
    public void The_same_run_gives_the_same_timeline_bytes()
    {
        Assert.Equal(Record(SmallRun.Short).Json, Record(SmallRun.Short).Json);
    }

    [Fact]
    public void Requests_are_forwarded_to_an_inner_log()
    {
        var inner = new CountingLog();
        using var recorder = new ChromeTraceRecorder(new MemoryStream(), inner: inner);
        var (_, _, result) = SmallRun.Run(log: recorder, tracer: recorder);
        Assert.Equal(result.Overall.Completed + result.Overall.Dropped, inner.Count);
    }

    [Fact]
    public void Tracers_combine_so_timeline_and_utilization_watch_one_run()
    {
        var utilization = new UtilizationRecorder();
        using var stream = new MemoryStream();
        using var recorder = new ChromeTraceRecorder(stream, leaveOpen: true);
        var (_, _, result) = SmallRun.Run(log: recorder, tracer: ReplicaTracers.Combine(recorder, null, utilization));
        Assert.NotEmpty(utilization.Buckets(0, result.SimulatedNs));
        Assert.True(recorder.EventsWritten > 0);
        Assert.Null(ReplicaTracers.Combine(null, null));
        Assert.Same(utilization, ReplicaTracers.Combine(null, utilization));
    }

    private sealed class CountingLog : IRequestLog
    {
        public int Count { get; private set; }

        public void Write(ClusterSim.Model.Serving.Requests.TextRequest request, string className) => Count++;
    }
}

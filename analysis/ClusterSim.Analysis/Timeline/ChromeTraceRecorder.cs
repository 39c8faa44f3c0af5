using System.Text.Json;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Avatar;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Kinds;
using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Analysis.Timeline;

/// <summary>
/// Streams a run as a Chrome trace-event JSON file (<c>timeline.json</c>) that Perfetto
/// (ui.perfetto.dev) and chrome://tracing open: a track per replica with every iteration as a
/// complete event (batch composition in its args) and preemptions as instant events; counters of
/// batch size, KV-cache occupancy and waiting requests per replica; a video or image replica's steps
/// the same way (the requests in each, the batch and queue as counters); every request as an async
/// slice from arrival to completion, split into queued, prefill and decode; and every avatar session
/// that streamed to its end as one, split into starting (to its first frame) and streaming. This is how continuous
/// batching can be seen happening.
/// </summary>
/// <remarks>
/// <para>
/// Meant for small runs: past <c>maxEvents</c> events nothing more is written (a request's events
/// are written whole or not at all), the file says so in <c>otherData</c> and with a global
/// instant event at the point it stopped, and <see cref="Capped"/> is true. Memory is bounded: events
/// go to the stream as they happen. Times are microseconds with nanosecond precision (exact decimals).
/// </para>
/// <para>
/// Requests are written when they leave the system (completed or dropped), so it is also an
/// <see cref="IRequestLog"/> and forwards to an inner log. Requests still in flight when the run
/// ends are not drawn. Deterministic: the same run gives the same bytes.
/// </para>
/// </remarks>
public sealed class ChromeTraceRecorder : IReplicaTracer, IStepTracer, IRequestLog, IKindRequestLog, IRunObserver, IDisposable
{
    /// <summary>Events written when no cap is given: about 30 MB, which Perfetto opens quickly.</summary>
    public const int DefaultMaxEvents = 200_000;

    private const int ReplicaPid = 1;
    private const int RequestPid = 2;
    private const int EventsPerRequest = 8;

    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly Utf8JsonWriter _w;
    private readonly IRequestLog? _inner;
    private readonly long _maxEvents;
    private readonly HashSet<int> _namedReplicas = new();
    private bool _completed;

    /// <param name="output">Where the JSON goes.</param>
    /// <param name="maxEvents">Most events written (metadata aside).</param>
    /// <param name="inner">Log every request is forwarded to as well (e.g. requests.csv).</param>
    /// <param name="leaveOpen">Keep <paramref name="output"/> open on dispose.</param>
    public ChromeTraceRecorder(Stream output, int maxEvents = DefaultMaxEvents, IRequestLog? inner = null, bool leaveOpen = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxEvents);
        _output = output;
        _leaveOpen = leaveOpen;
        _inner = inner;
        _maxEvents = maxEvents;
        _w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false, SkipValidation = false });
        _w.WriteStartObject();
        _w.WriteStartArray("traceEvents");
        Metadata(ReplicaPid, null, "process_name", "Replicas (iterations)");
        Metadata(ReplicaPid, null, "process_sort_index", 0);
        Metadata(RequestPid, null, "process_name", "Requests (arrival to completion)");
        Metadata(RequestPid, null, "process_sort_index", 1);
    }

    /// <summary>As a run observer: every iteration and preemption, and every request that leaves the system.</summary>
    public RunEvents Events => RunEvents.Requests | RunEvents.Iterations;

    void IRunObserver.OnRequestCompleted(TextRequest request, string className) => Write(request, className);

    void IRunObserver.OnRequestDropped(TextRequest request, string className) => Write(request, className);

    void IRunObserver.OnKindRequestCompleted(StepRequest request, string kind, string className) => Write(request, kind, className);

    void IRunObserver.OnAvatarSession(AvatarSessionRecord session, string className) => Session(session, className);

    /// <summary>Events written so far (metadata aside).</summary>
    public long EventsWritten { get; private set; }

    /// <summary>Events left out because the cap was reached.</summary>
    public long EventsOmitted { get; private set; }

    /// <summary>True once an event was left out for the cap.</summary>
    public bool Capped => EventsOmitted > 0;

    public void OnIteration(Replica replica, long startNs, long endNs, in BatchShape shape)
    {
        if (!Admit(2, startNs))
        {
            return;
        }

        NameReplica(replica);
        var name = shape.PrefillSequences > 0
            ? shape.DecodeSequences > 0 ? "prefill+decode" : "prefill"
            : "decode";
        BeginSlice(name, "iteration", replica.Index, startNs, endNs);
        _w.WriteNumber("sequences", shape.Sequences);
        _w.WriteNumber("prefill_sequences", shape.PrefillSequences);
        _w.WriteNumber("prefill_tokens", shape.PrefillTokens);
        _w.WriteNumber("decode_sequences", shape.DecodeSequences);
        _w.WriteNumber("decode_context_tokens", shape.DecodeContextTokens);
        _w.WriteNumber("tokens", shape.Tokens);
        _w.WriteEndObject();
        _w.WriteEndObject();

        // State after the iteration, as counters: the batch filling up, the KV cache filling up.
        BeginCounter(replica.Index, endNs);
        _w.WriteNumber("batch", shape.Sequences);
        _w.WriteNumber("kv_occupancy", Math.Round(1 - replica.KvFreeFraction, 6));
        _w.WriteNumber("waiting", replica.WaitingCount);
        _w.WriteEndObject();
        _w.WriteEndObject();
        FlushIfFull();
    }

    /// <summary>A video or image step: a slice on the replica's track (the requests in it in its args), then the batch and queue as counters.</summary>
    public void OnStep(IServingReplica replica, string kind, long startNs, long endNs, int batch, int waiting)
    {
        if (!Admit(2, startNs))
        {
            return;
        }

        NameTrack(replica.Index, replica.PoolName, kind);
        BeginSlice(kind + " step", "step", replica.Index, startNs, endNs);
        _w.WriteNumber("requests", batch);
        _w.WriteEndObject();
        _w.WriteEndObject();

        BeginCounter(replica.Index, endNs);
        _w.WriteNumber("batch", batch);
        _w.WriteNumber("waiting", waiting);
        _w.WriteEndObject();
        _w.WriteEndObject();
        FlushIfFull();
    }

    public void OnPreemption(Replica replica, TextRequest victim, long nowNs)
    {
        if (!Admit(1, nowNs))
        {
            return;
        }

        NameReplica(replica);
        _w.WriteStartObject();
        _w.WriteString("name", "preemption");
        _w.WriteString("cat", "preemption");
        _w.WriteString("ph", "i");
        _w.WriteString("s", "t");
        Time("ts", nowNs);
        _w.WriteNumber("pid", ReplicaPid);
        _w.WriteNumber("tid", replica.Index + 1);
        _w.WriteStartObject("args");
        _w.WriteNumber("request", victim.Id);
        _w.WriteNumber("context_tokens", victim.ContextTokens);
        _w.WriteNumber("generated", victim.Generated);
        _w.WriteEndObject();
        _w.WriteEndObject();
        FlushIfFull();
    }

    public void Write(TextRequest request, string className)
    {
        _inner?.Write(request, className);
        if (request.State == RequestState.Dropped || request.CompletedNs < 0)
        {
            if (Admit(1, request.ArrivalNs))
            {
                _w.WriteStartObject();
                _w.WriteString("name", $"dropped ({className})");
                _w.WriteString("cat", className);
                _w.WriteString("ph", "i");
                _w.WriteString("s", "p");
                Time("ts", request.ArrivalNs);
                _w.WriteNumber("pid", RequestPid);
                _w.WriteNumber("tid", 0);
                _w.WriteStartObject("args");
                _w.WriteNumber("request", request.Id);
                _w.WriteNumber("prompt_tokens", request.PromptTokens);
                _w.WriteEndObject();
                _w.WriteEndObject();
            }

            return;
        }

        if (!Admit(EventsPerRequest, request.ArrivalNs))
        {
            return;
        }

        // Nested async slices on the request's own id: the whole request, then its phases.
        var id = request.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var scheduled = Math.Clamp(request.ScheduledNs, request.ArrivalNs, request.CompletedNs);
        var first = Math.Clamp(request.FirstTokenNs, scheduled, request.CompletedNs);
        Async("b", className, id, className, request.ArrivalNs, request);
        Async("b", className, id, "queued", request.ArrivalNs, null);
        Async("e", className, id, "queued", scheduled, null);
        Async("b", className, id, "prefill", scheduled, null);
        Async("e", className, id, "prefill", first, null);
        Async("b", className, id, "decode", first, null);
        Async("e", className, id, "decode", request.CompletedNs, null);
        Async("e", className, id, className, request.CompletedNs, null);
        FlushIfFull();
    }

    /// <summary>
    /// A completed video or image request: an async slice from arrival to completion (its replica, steps and
    /// accelerator-seconds in the args), split into queued and running (its steps and its decode).
    /// </summary>
    public void Write(StepRequest request, string kind, string className)
    {
        (_inner as IKindRequestLog)?.Write(request, kind, className);
        if (request.CompletedNs < 0 || !Admit(6, request.ArrivalNs))
        {
            return;
        }

        // Ids of their own (a text request may have the same number).
        var id = kind + "-" + request.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var scheduled = Math.Clamp(request.ScheduledNs, request.ArrivalNs, request.CompletedNs);
        BeginAsyncRoot(className, id, request.ArrivalNs);
        _w.WriteString("kind", kind);
        _w.WriteNumber("request", request.Id);
        _w.WriteNumber("replica", request.Replica);
        _w.WriteNumber("steps", request.Steps);
        _w.WriteNumber("preemptions", request.Preemptions);
        _w.WriteNumber("accelerator_seconds", Math.Round(request.AcceleratorSeconds, 6));
        _w.WriteEndObject();
        _w.WriteEndObject();
        TwoPhases(className, id, request.ArrivalNs, "queued", scheduled, "running", request.CompletedNs);
    }

    /// <summary>
    /// An avatar session that streamed to its end: an async slice from arrival to its last frame (its replica and frames
    /// on time, late and skipped in the args), split into starting (to its first frame delivered) and streaming. A
    /// rejected session never ran and is not drawn (the sessions file has it).
    /// </summary>
    public void Session(AvatarSessionRecord session, string className)
    {
        (_inner as IKindRequestLog)?.Session(session, className);
        if (session.Rejected || !Admit(6, session.ArrivalNs))
        {
            return;
        }

        var id = AvatarKindSetup.KindName + "-" + session.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var first = session.FirstFrameNs < 0 ? session.EndNs : Math.Clamp(session.FirstFrameNs, session.ArrivalNs, session.EndNs);
        BeginAsyncRoot(className, id, session.ArrivalNs);
        _w.WriteString("kind", AvatarKindSetup.KindName);
        _w.WriteNumber("session", session.Id);
        _w.WriteNumber("replica", session.Replica);
        _w.WriteNumber("frames", session.Frames);
        _w.WriteNumber("frames_late", session.FramesLate);
        _w.WriteNumber("frames_skipped", session.FramesSkipped);
        _w.WriteNumber("turns", session.Turns);
        _w.WriteEndObject();
        _w.WriteEndObject();
        TwoPhases(className, id, session.ArrivalNs, "starting", first, "streaming", session.EndNs);
    }

    /// <summary>
    /// Closes the JSON (idempotent). <paramref name="result"/>, when given, adds the scenario name and
    /// seed to <c>otherData</c>.
    /// </summary>
    public void Complete(ServingResult? result = null)
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        _w.WriteEndArray();
        _w.WriteString("displayTimeUnit", "ms");
        _w.WriteStartObject("otherData");
        _w.WriteString("generator", "ClusterSim");
        if (result is not null)
        {
            _w.WriteString("scenario", result.Name);
            _w.WriteNumber("seed", result.Seed);
        }

        _w.WriteNumber("events", EventsWritten);
        _w.WriteNumber("max_events", _maxEvents);
        _w.WriteBoolean("capped", Capped);
        _w.WriteNumber("omitted_events", EventsOmitted);
        _w.WriteString("note", Capped
            ? $"capped at {_maxEvents} events: {EventsOmitted} later events were left out (shorten the run or raise the cap)"
            : "complete: every iteration, preemption and finished request is drawn; requests still in flight at the end are not");
        _w.WriteEndObject();
        _w.WriteEndObject();
        _w.Flush();
    }

    public void Dispose()
    {
        Complete();
        _w.Dispose();
        if (!_leaveOpen)
        {
            _output.Dispose();
        }
    }

    private bool Admit(int events, long atNs)
    {
        if (_completed)
        {
            throw new InvalidOperationException("the timeline is already complete");
        }

        if (EventsWritten + events <= _maxEvents && !Capped)
        {
            EventsWritten += events;
            return true;
        }

        if (!Capped)
        {
            // Mark the spot on the timeline itself, so a reader of the trace sees where it stops.
            _w.WriteStartObject();
            _w.WriteString("name", "timeline capped: later events left out");
            _w.WriteString("ph", "i");
            _w.WriteString("s", "g");
            Time("ts", atNs);
            _w.WriteNumber("pid", ReplicaPid);
            _w.WriteNumber("tid", 0);
            _w.WriteEndObject();
        }

        EventsOmitted += events;
        return false;
    }

    private void NameReplica(Replica replica) => NameTrack(replica.Index, replica.Config.Pool, replica.Role.ToString().ToLowerInvariant());

    /// <summary>Names a replica's track the first time it shows: its index, pool and role (or kind).</summary>
    private void NameTrack(int index, string pool, string role)
    {
        if (_namedReplicas.Add(index))
        {
            Metadata(ReplicaPid, index + 1, "thread_name", $"replica {index} · {pool} ({role})");
            Metadata(ReplicaPid, index + 1, "thread_sort_index", index);
        }
    }

    /// <summary>A complete event on replica <paramref name="index"/>'s track, up to its open <c>args</c> object.</summary>
    private void BeginSlice(string name, string category, int index, long startNs, long endNs)
    {
        _w.WriteStartObject();
        _w.WriteString("name", name);
        _w.WriteString("cat", category);
        _w.WriteString("ph", "X");
        Time("ts", startNs);
        Time("dur", endNs - startNs);
        _w.WriteNumber("pid", ReplicaPid);
        _w.WriteNumber("tid", index + 1);
        _w.WriteStartObject("args");
    }

    /// <summary>A counter event of replica <paramref name="index"/> at <paramref name="atNs"/>, up to its open <c>args</c> object.</summary>
    private void BeginCounter(int index, long atNs)
    {
        _w.WriteStartObject();
        _w.WriteString("name", $"replica {index}");
        _w.WriteString("ph", "C");
        Time("ts", atNs);
        _w.WriteNumber("pid", ReplicaPid);
        _w.WriteStartObject("args");
    }

    /// <summary>The opening event of a video or image request's or an avatar session's async slice, up to its open <c>args</c> object.</summary>
    private void BeginAsyncRoot(string className, string id, long atNs)
    {
        _w.WriteStartObject();
        _w.WriteString("name", className);
        _w.WriteString("cat", className);
        _w.WriteString("ph", "b");
        _w.WriteString("id", id);
        Time("ts", atNs);
        _w.WriteNumber("pid", RequestPid);
        _w.WriteNumber("tid", 0);
        _w.WriteStartObject("args");
    }

    /// <summary>The rest of such a slice: <paramref name="first"/> from its start to <paramref name="midNs"/>, <paramref name="second"/> from there to its end, and its end.</summary>
    private void TwoPhases(string className, string id, long startNs, string first, long midNs, string second, long endNs)
    {
        Async("b", className, id, first, startNs, null);
        Async("e", className, id, first, midNs, null);
        Async("b", className, id, second, midNs, null);
        Async("e", className, id, second, endNs, null);
        Async("e", className, id, className, endNs, null);
        FlushIfFull();
    }

    private void Async(string phase, string category, string id, string name, long atNs, TextRequest? details)
    {
        _w.WriteStartObject();
        _w.WriteString("name", name);
        _w.WriteString("cat", category);
        _w.WriteString("ph", phase);
        _w.WriteString("id", id);
        Time("ts", atNs);
        _w.WriteNumber("pid", RequestPid);
        _w.WriteNumber("tid", 0);
        if (details is not null)
        {
            _w.WriteStartObject("args");
            _w.WriteNumber("request", details.Id);
            _w.WriteNumber("prompt_tokens", details.PromptTokens);
            _w.WriteNumber("output_tokens", details.OutputTokens);
            _w.WriteNumber("replica", details.Replica);
            _w.WriteNumber("preemptions", details.Preemptions);
            _w.WriteNumber("prefix_hit_tokens", details.PrefixHitTokens);
            _w.WriteEndObject();
        }

        _w.WriteEndObject();
    }

    private void Metadata(int pid, int? tid, string name, string value)
    {
        _w.WriteStartObject();
        _w.WriteString("name", name);
        _w.WriteString("ph", "M");
        _w.WriteNumber("pid", pid);
        _w.WriteNumber("tid", tid ?? 0);
        _w.WriteStartObject("args");
        _w.WriteString("name", value);
        _w.WriteEndObject();
        _w.WriteEndObject();
    }

    private void Metadata(int pid, int? tid, string name, int sortIndex)
    {
        _w.WriteStartObject();
        _w.WriteString("name", name);
        _w.WriteString("ph", "M");
        _w.WriteNumber("pid", pid);
        _w.WriteNumber("tid", tid ?? 0);
        _w.WriteStartObject("args");
        _w.WriteNumber("sort_index", sortIndex);
        _w.WriteEndObject();
        _w.WriteEndObject();
    }

    // Microseconds, exact: a decimal with three places holds every nanosecond.
    private void Time(string property, long ns) => _w.WriteNumber(property, ns / 1000m);

    private void FlushIfFull()
    {
        if (_w.BytesPending > 1 << 16)
        {
            _w.Flush();
        }
    }
}

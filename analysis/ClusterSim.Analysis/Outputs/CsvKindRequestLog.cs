using System.Globalization;
using ClusterSim.Engine.Core;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving.Avatar;
using ClusterSim.Model.Serving.Kinds;

namespace ClusterSim.Analysis.Outputs;

/// <summary>
/// Streams one row per video or image request to <c>{kind}-requests.csv</c> (<c>video-requests.csv</c>,
/// <c>image-requests.csv</c>) as it completes or is turned away, as <see cref="CsvRequestLog"/> does text requests: a
/// file per kind, since each asks for other things (a video's frames, an image request's images); and one row per avatar
/// session to <c>avatar-sessions.csv</c> as it ends or is rejected (a session streams for minutes: its row is its
/// start-up, frames on time, late and skipped, and turns). A kind's file is opened at its first row, in the order the
/// run meets them. Times in seconds; -1 where a time never happened.
/// </summary>
public sealed class CsvKindRequestLog(Func<string, TextWriter> open) : IKindRequestLog, IRunObserver, IDisposable
{
    private readonly Dictionary<string, TextWriter> _writers = [];
    private readonly List<string> _kinds = [];

    /// <summary>The file a kind's requests go to.</summary>
    public static string FileName(string kind) => kind == AvatarKindSetup.KindName ? "avatar-sessions.csv" : $"{kind}-requests.csv";

    /// <summary>The kinds written so far, in the order their first request came.</summary>
    public IReadOnlyList<string> Kinds => _kinds;

    public RunEvents Events => RunEvents.Requests;

    public void Write(StepRequest request, string kind, string className) => Row(request, kind, className, "completed");

    public void Refused(StepRequest request, string kind, string className) => Row(request, kind, className, "refused");

    void IRunObserver.OnKindRequestCompleted(StepRequest request, string kind, string className) => Write(request, kind, className);

    void IRunObserver.OnKindRequestRefused(StepRequest request, string kind, string className) => Refused(request, kind, className);

    void IRunObserver.OnAvatarSession(AvatarSessionRecord session, string className) => Session(session, className);

    /// <summary>
    /// A session's row: its state (completed, rejected), replica, arrival, start-up (arrival to its first frame delivered),
    /// duration (arrival to its last frame done), the length it asked for, its frames (asked, delivered, late, skipped),
    /// its slowest frame and its reply turns. Counts cover the whole session, warm-up too.
    /// </summary>
    public void Session(AvatarSessionRecord r, string className)
    {
        var ic = CultureInfo.InvariantCulture;
        var writer = _writers.GetValueOrDefault(AvatarKindSetup.KindName)
            ?? Open(AvatarKindSetup.KindName, "id,class,state,replica,arrival_s,startup_s,duration_s,length_s,frames,frames_delivered,frames_late,frames_skipped,max_frame_latency_s,turns,turns_late");

        var startup = r.FirstFrameNs < 0 ? -1 : r.FirstFrameNs - r.ArrivalNs;
        var duration = r.EndNs < 0 ? -1 : r.EndNs - r.ArrivalNs;
        writer.Write(string.Create(ic,
            $"{r.Id},{className},{(r.Rejected ? "rejected" : "completed")},{r.Replica},{S(r.ArrivalNs)},{S(startup)},{S(duration)},{S(r.LengthNs)},{r.Frames},{r.FramesDelivered},{r.FramesLate},{r.FramesSkipped},{S(r.MaxFrameLatencyNs)},{r.Turns},{r.TurnsLate}\n"));
    }

    /// <summary>Opens the kind's file with its header line, at the kind's first row (the header is built once a file, not a row).</summary>
    private TextWriter Open(string kind, string header)
    {
        var writer = open(kind);
        _writers[kind] = writer;
        _kinds.Add(kind);
        writer.Write(header);
        writer.Write('\n');
        return writer;
    }

    private static string S(long ns) => ns < 0 ? "-1" : SimTime.ToSeconds(ns).ToString("R", CultureInfo.InvariantCulture);

    private void Row(StepRequest r, string kind, string className, string state)
    {
        var ic = CultureInfo.InvariantCulture;
        var size = r.Size;
        var writer = _writers.GetValueOrDefault(kind)
            ?? Open(kind, "id,class,state,replica,arrival_s,queue_s,latency_s,steps,steps_done,accelerator_seconds,preemptions" + string.Concat(size.Select(s => "," + s.Key)));

        var queue = r.ScheduledNs < 0 ? -1 : r.ScheduledNs - r.ArrivalNs;
        var latency = r.CompletedNs < 0 ? -1 : r.CompletedNs - r.ArrivalNs;
        writer.Write(string.Create(ic,
            $"{r.Id},{className},{state},{r.Replica},{S(r.ArrivalNs)},{S(queue)},{S(latency)},{r.Steps},{r.StepsDone},{r.AcceleratorSeconds:R},{r.Preemptions}"));
        foreach (var (_, value) in size)
        {
            writer.Write(',');
            writer.Write(value.ToString("R", ic));
        }

        writer.Write('\n');
    }

    public void Dispose()
    {
        foreach (var kind in _kinds)
        {
            _writers[kind].Dispose();
        }
    }
}

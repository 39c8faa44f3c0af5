using System.Globalization;
using ClusterSim.Engine.Core;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving.Kinds;

namespace ClusterSim.Analysis.Outputs;

/// <summary>
/// Streams one row per video or image request to <c>{kind}-requests.csv</c> (<c>video-requests.csv</c>,
/// <c>image-requests.csv</c>) as it completes or is turned away, as <see cref="CsvRequestLog"/> does text requests: a
/// file per kind, since each asks for other things (a video's frames, an image request's images). A kind's file is
/// opened at its first request, in the order the run meets them. Times in seconds; -1 where a time never happened.
/// </summary>
public sealed class CsvKindRequestLog(Func<string, TextWriter> open) : IKindRequestLog, IRunObserver, IDisposable
{
    private readonly Dictionary<string, TextWriter> _writers = [];
    private readonly List<string> _kinds = [];

    /// <summary>The file a kind's requests go to.</summary>
    public static string FileName(string kind) => $"{kind}-requests.csv";

    /// <summary>The kinds written so far, in the order their first request came.</summary>
    public IReadOnlyList<string> Kinds => _kinds;

    public RunEvents Events => RunEvents.Requests;

    public void Write(StepRequest request, string kind, string className) => Row(request, kind, className, "completed");

    public void Refused(StepRequest request, string kind, string className) => Row(request, kind, className, "refused");

    void IRunObserver.OnKindRequestCompleted(StepRequest request, string kind, string className) => Write(request, kind, className);

    void IRunObserver.OnKindRequestRefused(StepRequest request, string kind, string className) => Refused(request, kind, className);

    private void Row(StepRequest r, string kind, string className, string state)
    {
        var ic = CultureInfo.InvariantCulture;
        var size = r.Size;
        if (!_writers.TryGetValue(kind, out var writer))
        {
            writer = open(kind);
            _writers[kind] = writer;
            _kinds.Add(kind);
            writer.Write("id,class,state,replica,arrival_s,queue_s,latency_s,steps,steps_done,accelerator_seconds,preemptions");
            foreach (var (name, _) in size)
            {
                writer.Write(',');
                writer.Write(name);
            }

            writer.Write('\n');
        }

        string S(long ns) => ns < 0 ? "-1" : SimTime.ToSeconds(ns).ToString("R", ic);
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

using System.Globalization;
using ClusterSim.Engine.Core;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Analysis.Outputs;

/// <summary>
/// Streams one row per request to <c>requests.csv</c> as it leaves the system, so memory does not
/// grow with the request count. Times in seconds; -1 where a time never happened.
/// </summary>
public sealed class CsvRequestLog : IRequestLog, IRunObserver, IDisposable
{
    private readonly TextWriter _writer;

    public CsvRequestLog(TextWriter writer)
    {
        _writer = writer;
        _writer.Write("id,class,state,replica,arrival_s,prompt_tokens,output_tokens,queue_s,ttft_s,e2e_s,tpot_s,preemptions,prefix_hit_tokens\n");
    }

    public void Write(TextRequest r, string className)
    {
        var ic = CultureInfo.InvariantCulture;
        string S(long ns) => ns < 0 ? "-1" : SimTime.ToSeconds(ns).ToString("R", ic);
        var queue = r.ScheduledNs < 0 ? -1 : r.ScheduledNs - r.ArrivalNs;
        var ttft = r.FirstTokenNs < 0 ? -1 : r.FirstTokenNs - r.ArrivalNs;
        var e2e = r.CompletedNs < 0 ? -1 : r.CompletedNs - r.ArrivalNs;
        var tpot = r.CompletedNs >= 0 && r.OutputTokens > 1 ? (r.CompletedNs - r.FirstTokenNs) / (r.OutputTokens - 1) : -1;
        _writer.Write(string.Create(ic,
            $"{r.Id},{className},{r.State.ToString().ToLowerInvariant()},{r.Replica},{S(r.ArrivalNs)},{r.PromptTokens},{r.OutputTokens},{S(queue)},{S(ttft)},{S(e2e)},{S(tpot)},{r.Preemptions},{r.PrefixHitTokens}\n"));
    }

    /// <summary>As a run observer: every request that leaves the system, completed or dropped.</summary>
    public RunEvents Events => RunEvents.Requests;

    void IRunObserver.OnRequestCompleted(TextRequest request, string className) => Write(request, className);

    void IRunObserver.OnRequestDropped(TextRequest request, string className) => Write(request, className);

    public void Dispose() => _writer.Dispose();
}

using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Model.Tests.Serving.Cluster;

/// <summary>Each finished request's arrival, prompt and time to first token: for hand-timed serving tests.</summary>
internal sealed class FirstTokenLog : IRequestLog
{
    private readonly List<(double ArrivalSeconds, int Prompt, double TtftSeconds)> _rows = [];

    public int Count => _rows.Count;

    public void Write(TextRequest request, string className)
        => _rows.Add((SimTime.ToSeconds(request.ArrivalNs), request.PromptTokens, SimTime.ToSeconds(request.FirstTokenNs - request.ArrivalNs)));

    /// <summary>The TTFT, in seconds, of the one request that arrived at <paramref name="seconds"/>.</summary>
    public double OfArrival(double seconds) => _rows.Single(r => Math.Abs(r.ArrivalSeconds - seconds) < 1e-9).TtftSeconds;

    /// <summary>The TTFT, in seconds, of the one request with a prompt of <paramref name="tokens"/>.</summary>
    public double OfPrompt(int tokens) => _rows.Single(r => r.Prompt == tokens).TtftSeconds;
}

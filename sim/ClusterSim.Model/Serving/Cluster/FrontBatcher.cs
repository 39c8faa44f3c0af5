using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Model.Serving.Cluster;

/// <summary>
/// One class's <see cref="FrontBatching"/>: gathers arrivals and hands each group to <paramref name="release"/>.
/// A timer entry carries the group's generation, so one that a full group already sent out is ignored.
/// </summary>
internal sealed class FrontBatcher(Simulation simulation, FrontBatching batching, Action<List<TextRequest>> release) : IEventHandler
{
    private List<TextRequest> _group = new();
    private int _generation;
    private bool _timerSet;
    private long _lastDispatchNs = long.MinValue;

    public void Add(TextRequest request)
    {
        var now = simulation.Now;
        if (_lastDispatchNs == long.MinValue)
        {
            _lastDispatchNs = now; // the first window starts with the first request, as AMD's harness starts its clock
        }

        _group.Add(request);
        if (_group.Count >= batching.MaxSize || (batching.FromDispatch && now - _lastDispatchNs >= batching.MaxWaitNs))
        {
            // Full, or (counted from the last dispatch) the wait has already run out: the group goes now.
            Flush();
            return;
        }

        if (_timerSet)
        {
            return;
        }

        var due = batching.FromDispatch ? _lastDispatchNs + batching.MaxWaitNs : now + batching.MaxWaitNs;
        _timerSet = true;
        simulation.ScheduleAt(due, this, 0, _generation);
    }

    public void OnEvent(int opcode, int arg)
    {
        if (arg != _generation)
        {
            return; // the group this timer was set for went out full
        }

        _timerSet = false;
        if (_group.Count > 0)
        {
            Flush();
        }
    }

    private void Flush()
    {
        var group = _group;
        _group = new List<TextRequest>(Math.Min(batching.MaxSize, Math.Max(4, group.Count)));
        _generation++;
        _timerSet = false;
        _lastDispatchNs = simulation.Now;
        release(group);
    }
}

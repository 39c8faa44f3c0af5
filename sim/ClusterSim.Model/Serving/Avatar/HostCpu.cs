using ClusterSim.Engine.Core;

namespace ClusterSim.Model.Serving.Avatar;

/// <summary>
/// The host cores of one node as a resource of its own: frames leaving the GPU stage of any replica
/// on the node queue here (first come, first served) for a core, hold it for their CPU work
/// (paste-back and encoding), then are delivered. With all cores busy the stage backs up and frames
/// come out late even when the GPU keeps up.
/// </summary>
/// <remarks>One engine event per frame, O(1) per frame.</remarks>
internal sealed class HostCpu : IEventHandler
{
    private readonly List<(AvatarReplica Replica, AvatarJob Job)> _cores = new();
    private readonly Stack<int> _idle = new();
    private readonly Queue<(AvatarReplica Replica, AvatarJob Job)> _waiting = new();

    /// <param name="cores">Cores, or null for no limit (a core for every frame at once: the stage adds its time but never queues).</param>
    public HostCpu(Simulation simulation, int? cores)
    {
        Simulation = simulation;
        Cores = cores;
        for (var c = (cores ?? 0) - 1; c >= 0; c--)
        {
            _cores.Add(default);
            _idle.Push(c);
        }
    }

    public Simulation Simulation { get; }

    /// <summary>Cores of the node; null: not limited.</summary>
    public int? Cores { get; }

    /// <summary>Core-nanoseconds of CPU work started, for utilisation.</summary>
    public long BusyNs { get; private set; }

    public int Waiting => _waiting.Count;

    public void Submit(AvatarReplica replica, AvatarJob job)
    {
        if (_idle.Count > 0)
        {
            Start(_idle.Pop(), replica, job);
        }
        else if (Cores is null)
        {
            _cores.Add(default);
            Start(_cores.Count - 1, replica, job);
        }
        else
        {
            _waiting.Enqueue((replica, job));
        }
    }

    public void OnEvent(int opcode, int arg)
    {
        var (replica, job) = _cores[arg];
        _cores[arg] = default;
        if (_waiting.TryDequeue(out var next))
        {
            Start(arg, next.Replica, next.Job);
        }
        else
        {
            _idle.Push(arg);
        }

        replica.Deliver(job);
    }

    private void Start(int core, AvatarReplica replica, AvatarJob job)
    {
        _cores[core] = (replica, job);
        var ns = Math.Max(1, job.Session.CpuNs);
        BusyNs += ns;
        Simulation.Schedule(ns, this, 0, core);
    }
}

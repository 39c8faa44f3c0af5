using ClusterSim.Engine.Core;
using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Model.Serving.Cluster;

/// <summary>
/// Runs the threshold autoscalers of a cluster's pools (<see cref="AutoscalingSetup"/>): which
/// replicas serve, start, drain or sleep; the requests that arrive while none of their pools'
/// replicas serves wait here for a cold start (scale from zero, as Knative's activator holds them).
/// The router only ever sees serving replicas.
/// </summary>
/// <remarks>
/// One change per pool per evaluation, at most one per cooldown: a replica is added (a draining one
/// first, at no cost; else a sleeping one, which serves after the start-up time) or the serving
/// replica with the fewest requests is drained. A request arriving with no serving replica wakes one
/// at once, cooldown or not. Evaluations stop once no work remains, so a finished run ends.
/// </remarks>
internal sealed class Autoscaler : IEventHandler
{
    private const int OpEvaluate = 0;
    private const int OpReady = 1;

    private readonly ServingCluster _cluster;
    private readonly ClusterPower _power;
    private readonly State[] _state;
    private readonly Pool?[] _poolOf;
    private readonly Pool[] _pools;
    private readonly Pool[][] _poolsByClass;
    private readonly long _periodNs;
    private readonly Queue<TextRequest> _waiting = new();
    private bool _evaluationPending;

    public Autoscaler(ServingCluster cluster, ClusterPower power, ServingSetup setup, IReadOnlyList<IReadOnlyList<Replica>> entryByClass)
    {
        _cluster = cluster;
        _power = power;
        var replicas = cluster.Replicas;
        _state = new State[replicas.Count];
        _poolOf = new Pool?[replicas.Count];
        var now = cluster.Simulation.Now;
        var pools = new List<Pool>();
        foreach (var p in setup.Pools.Where(p => p.Autoscaling is not null))
        {
            var a = p.Autoscaling!;
            var members = replicas.Where(r => r.Config.Pool == p.Name).ToArray();
            var initial = a.InitialReplicas ?? a.MinReplicas;
            if (p.Config.Role == ReplicaRole.Decode)
            {
                throw new ArgumentException($"pool '{p.Name}': autoscaling of decode-only pools is not supported (the prefill side hands over to every decode replica)");
            }

            if (!(a.MinReplicas >= 0 && a.MinReplicas <= a.MaxReplicas && a.MaxReplicas <= members.Length && initial >= a.MinReplicas && initial <= a.MaxReplicas))
            {
                throw new ArgumentException(
                    $"pool '{p.Name}': autoscaling needs 0 <= min_replicas ({a.MinReplicas}) <= initial ({initial}) <= max_replicas ({a.MaxReplicas}) <= the pool's replicas ({members.Length})");
            }

            if (!(a.ScaleDownAt < a.ScaleUpAt) || a.StartupNs < 0 || a.CooldownNs < 0 || a.EvaluationNs <= 0)
            {
                throw new ArgumentException($"pool '{p.Name}': autoscaling needs scale_down_at < scale_up_at, non-negative cooldown and startup and a positive evaluation period");
            }

            var pool = new Pool(p.Name, a, members, now);
            for (var k = 0; k < members.Length; k++)
            {
                var r = members[k];
                _poolOf[r.Index] = pool;
                if (k < initial)
                {
                    _state[r.Index] = State.Serving;
                    pool.Serving++;
                }
                else
                {
                    _state[r.Index] = State.Asleep;
                    pool.AsleepSince[k] = now;
                    power.Sleep(r);
                }
            }

            pool.ServingSeries.Record(now, pool.Serving);
            pools.Add(pool);
        }

        _pools = [.. pools];
        _periodNs = _pools.Min(p => p.Setup.EvaluationNs);
        _poolsByClass = entryByClass
            .Select(list => _pools.Where(p => list.Any(r => r.Config.Pool == p.Name)).ToArray())
            .ToArray();
        power.Scaler = this;
        EnsureEvaluation();
    }

    private enum State : byte
    {
        Serving,
        Starting,
        Draining,
        Asleep,
    }

    /// <summary>True when the replica takes new requests (serving; not starting, draining or asleep).</summary>
    public bool Routable(Replica replica) => _state[replica.Index] == State.Serving;

    /// <summary>No replica of the request's pools serves: keep it until one does, and wake one if none is starting.</summary>
    public void Hold(TextRequest request)
    {
        var pool = NeedCapacity(request.ClassIndex);
        if (_cluster.HasRoutable(request.ClassIndex))
        {
            _cluster.Route(request); // a draining replica came back at once
            return;
        }

        _waiting.Enqueue(request);
        if (pool is not null)
        {
            pool.RequestsWaited++;
        }
    }

    /// <summary>
    /// The class has no serving replica: wake one (ignoring the cooldown) unless one is starting
    /// already. Returns the pool that will serve it, or null.
    /// </summary>
    public Pool? NeedCapacity(int classIndex)
    {
        var pools = _poolsByClass[classIndex];
        foreach (var pool in pools)
        {
            if (pool.Starting > 0)
            {
                return pool;
            }
        }

        foreach (var pool in pools)
        {
            if (ScaleUp(pool))
            {
                return pool;
            }
        }

        return null;
    }

    /// <summary>The replica found nothing to run: a draining replica with nothing left goes to sleep.</summary>
    public void OnIdle(Replica replica)
    {
        if (_state[replica.Index] == State.Draining && replica.Outstanding == 0 && !replica.Busy)
        {
            GoToSleep(replica);
        }
    }

    public void OnEvent(int opcode, int arg)
    {
        if (opcode == OpReady)
        {
            OnReady(_cluster.Replicas[arg]);
            return;
        }

        _evaluationPending = false;
        var now = _cluster.Simulation.Now;
        foreach (var pool in _pools)
        {
            var metric = Metric(pool, now);
            if (pool.LastChangeNs != long.MinValue && now - pool.LastChangeNs < pool.Setup.CooldownNs)
            {
                continue;
            }

            if (metric > pool.Setup.ScaleUpAt)
            {
                ScaleUp(pool);
            }
            else if (metric < pool.Setup.ScaleDownAt && pool.Serving > pool.Setup.MinReplicas && pool.Starting == 0)
            {
                ScaleDown(pool);
            }
        }

        EnsureEvaluation();
    }

    public IReadOnlyList<PoolScaling> Summary()
    {
        var now = _cluster.Simulation.Now;
        return _pools.Select(p =>
        {
            p.ServingSeries.AdvanceTo(now);
            var asleepNs = p.AsleepNs;
            for (var k = 0; k < p.Members.Length; k++)
            {
                if (_state[p.Members[k].Index] == State.Asleep)
                {
                    asleepNs += now - p.AsleepSince[k];
                }
            }

            return new PoolScaling(p.Name, p.ScaleUps, p.Reactivations, p.ScaleDowns, p.RequestsWaited, p.ServingSeries.Mean,
                asleepNs / 3.6e12, p.ColdStarts.ToArray());
        }).ToArray();
    }

    private void EnsureEvaluation()
    {
        if (!_evaluationPending && (_cluster.HasWork || _pools.Any(p => p.Starting > 0)))
        {
            _evaluationPending = true;
            _cluster.Simulation.Schedule(_periodNs, this, OpEvaluate);
        }
    }

    private double Metric(Pool pool, long now)
    {
        var running = 0;
        long busy = 0, waiting = 0;
        double kv = 0;
        foreach (var r in pool.Members)
        {
            busy += r.BusyNsAt(now);
            var state = _state[r.Index];
            if (state is State.Serving or State.Draining)
            {
                running++;
                waiting += r.WaitingCount;
                kv += 1 - r.KvFreeFraction;
            }
        }

        var window = now - pool.LastEvaluationNs;
        var busySince = busy - pool.BusyAtLastEvaluation;
        pool.LastEvaluationNs = now;
        pool.BusyAtLastEvaluation = busy;
        foreach (var request in _waiting)
        {
            if (_poolsByClass[request.ClassIndex].Contains(pool))
            {
                waiting++;
            }
        }

        if (running == 0)
        {
            return waiting > 0 ? double.PositiveInfinity : 0;
        }

        return pool.Setup.Metric switch
        {
            AutoscalingMetric.Utilization => window <= 0 ? 0 : (double)busySince / ((double)window * running),
            AutoscalingMetric.QueueLength => (double)waiting / running,
            _ => kv / running,
        };
    }

    private bool ScaleUp(Pool pool)
    {
        var now = _cluster.Simulation.Now;
        if (pool.Serving + pool.Starting >= pool.Setup.MaxReplicas)
        {
            return false;
        }

        foreach (var r in pool.Members)
        {
            if (_state[r.Index] == State.Draining)
            {
                // Still awake with its weights loaded: back into service at once.
                _state[r.Index] = State.Serving;
                pool.Serving++;
                pool.Reactivations++;
                pool.LastChangeNs = now;
                pool.ServingSeries.Record(now, pool.Serving);
                _cluster.OnRoutableChanged();
                ReleaseWaiting();
                return true;
            }
        }

        for (var k = 0; k < pool.Members.Length; k++)
        {
            var r = pool.Members[k];
            if (_state[r.Index] != State.Asleep || !_power.Wake(r))
            {
                continue;
            }

            _state[r.Index] = State.Starting;
            pool.AsleepNs += now - pool.AsleepSince[k];
            pool.Starting++;
            pool.ScaleUps++;
            pool.LastChangeNs = now;
            pool.ColdStarts.Add(new ColdStart(r.Index, now, now + pool.Setup.StartupNs, pool.Serving == 0));
            _cluster.Simulation.Schedule(pool.Setup.StartupNs, this, OpReady, r.Index);
            EnsureEvaluation();
            return true;
        }

        return false;
    }

    private void ScaleDown(Pool pool)
    {
        Replica? victim = null;
        foreach (var r in pool.Members)
        {
            if (_state[r.Index] == State.Serving && (victim is null || r.Outstanding <= victim.Outstanding))
            {
                victim = r;
            }
        }

        if (victim is null)
        {
            return;
        }

        var now = _cluster.Simulation.Now;
        _state[victim.Index] = State.Draining;
        pool.Serving--;
        pool.ScaleDowns++;
        pool.LastChangeNs = now;
        pool.ServingSeries.Record(now, pool.Serving);
        _cluster.OnRoutableChanged();
        OnIdle(victim);
    }

    private void OnReady(Replica replica)
    {
        var pool = _poolOf[replica.Index]!;
        _state[replica.Index] = State.Serving;
        pool.Starting--;
        pool.Serving++;
        pool.ServingSeries.Record(_cluster.Simulation.Now, pool.Serving);
        _cluster.OnRoutableChanged();
        ReleaseWaiting();
    }

    /// <summary>Requests that waited for a serving replica go out, in arrival order, where one serves now.</summary>
    private void ReleaseWaiting()
    {
        for (var n = _waiting.Count; n > 0; n--)
        {
            var request = _waiting.Dequeue();
            if (_cluster.HasRoutable(request.ClassIndex))
            {
                _cluster.Route(request);
            }
            else
            {
                _waiting.Enqueue(request);
            }
        }
    }

    private void GoToSleep(Replica replica)
    {
        var pool = _poolOf[replica.Index]!;
        _state[replica.Index] = State.Asleep;
        pool.AsleepSince[Array.IndexOf(pool.Members, replica)] = _cluster.Simulation.Now;
        _power.Sleep(replica);
    }

    /// <summary>One autoscaled pool's state and counters.</summary>
    internal sealed class Pool(string name, AutoscalingSetup setup, Replica[] members, long startNs)
    {
        public string Name { get; } = name;

        public AutoscalingSetup Setup { get; } = setup;

        public Replica[] Members { get; } = members;

        public long[] AsleepSince { get; } = new long[members.Length];

        public TimeWeightedSeries ServingSeries { get; } = new(startNs);

        public List<ColdStart> ColdStarts { get; } = [];

        public int Serving { get; set; }

        public int Starting { get; set; }

        public int ScaleUps { get; set; }

        public int Reactivations { get; set; }

        public int ScaleDowns { get; set; }

        public long RequestsWaited { get; set; }

        public long AsleepNs { get; set; }

        public long LastChangeNs { get; set; } = long.MinValue;

        public long LastEvaluationNs { get; set; } = startNs;

        public long BusyAtLastEvaluation { get; set; }
    }
}

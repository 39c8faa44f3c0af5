using ClusterSim.Engine.Core;
using ClusterSim.Model.Metrics;

namespace ClusterSim.Model.Serving.Cluster;

/// <summary>
/// Runs the threshold autoscalers of one kind's pools (<see cref="AutoscalingSetup"/>): which
/// replicas serve, start, drain or sleep; the requests that arrive while none of their pools'
/// replicas serves wait here for a cold start (scale from zero, as Knative's activator holds them).
/// The router only ever sees serving replicas. Text pools have one (the cluster's router is its
/// front), and so has each step kind whose pools scale (video, image: its own routing).
/// </summary>
/// <typeparam name="TReplica">The kind's replica.</typeparam>
/// <typeparam name="TRequest">What waits for a serving replica.</typeparam>
/// <remarks>
/// One change per pool per evaluation, at most one per cooldown: a replica is added (a draining one
/// first, at no cost; else a sleeping one, which serves after the start-up time) or the serving
/// replica with the fewest requests is drained. A request arriving with no serving replica wakes one
/// at once, cooldown or not. Evaluations stop once no work remains, so a finished run ends.
/// </remarks>
internal sealed class Autoscaler<TReplica, TRequest> : IEventHandler
    where TReplica : class, IScalableReplica
{
    private const int OpEvaluate = 0;
    private const int OpReady = 1;

    private readonly IScalingFront<TRequest> _cluster;
    private readonly ClusterPower _power;
    private readonly State[] _state;
    private readonly Pool?[] _poolOf;
    private readonly TReplica?[] _replicaAt;
    private readonly Pool[] _pools;
    private readonly Pool[][] _poolsByClass;
    private readonly long _periodNs;
    private readonly Queue<TRequest> _waiting = new();
    private bool _evaluationPending;

    /// <param name="front">Where the kind routes its requests.</param>
    /// <param name="scaled">The kind's autoscaled pools, each with its members in index order.</param>
    /// <param name="entryByClass">Per class, every replica that may serve it (serving or not).</param>
    public Autoscaler(IScalingFront<TRequest> front, ClusterPower power, IReadOnlyList<(string Name, AutoscalingSetup Setup, TReplica[] Members)> scaled,
        IReadOnlyList<IReadOnlyList<TReplica>> entryByClass)
    {
        _cluster = front;
        _power = power;

        // Indexed by the replicas' cluster-wide index (a kind's replicas come after the text ones).
        var size = 1 + entryByClass.SelectMany(l => l).Concat(scaled.SelectMany(p => p.Members)).Select(r => r.Index).DefaultIfEmpty(-1).Max();
        _state = new State[size];
        _poolOf = new Pool?[size];
        _replicaAt = new TReplica?[size];
        var now = front.Simulation.Now;
        var pools = new List<Pool>();
        foreach (var (name, a, members) in scaled)
        {
            var initial = a.InitialReplicas ?? a.MinReplicas;
            if (!(a.MinReplicas >= 0 && a.MinReplicas <= a.MaxReplicas && a.MaxReplicas <= members.Length && initial >= a.MinReplicas && initial <= a.MaxReplicas))
            {
                throw new ArgumentException(
                    $"pool '{name}': autoscaling needs 0 <= min_replicas ({a.MinReplicas}) <= initial ({initial}) <= max_replicas ({a.MaxReplicas}) <= the pool's replicas ({members.Length})");
            }

            if (!(a.ScaleDownAt < a.ScaleUpAt) || a.StartupNs < 0 || a.CooldownNs < 0 || a.EvaluationNs <= 0)
            {
                throw new ArgumentException($"pool '{name}': autoscaling needs scale_down_at < scale_up_at, non-negative cooldown and startup and a positive evaluation period");
            }

            var pool = new Pool(name, a, members, now);
            for (var k = 0; k < members.Length; k++)
            {
                var r = members[k];
                _poolOf[r.Index] = pool;
                _replicaAt[r.Index] = r;
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
            .Select(list => _pools.Where(p => list.Any(r => r.PoolName == p.Name)).ToArray())
            .ToArray();
        power.Idle += OnIdle;
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
    public bool Routable(TReplica replica) => _state[replica.Index] == State.Serving;

    /// <summary>No replica of the request's pools serves: keep it until one does, and wake one if none is starting.</summary>
    public void Hold(TRequest request)
    {
        var classIndex = _cluster.ClassOf(request);
        var pool = NeedCapacity(classIndex);
        if (_cluster.HasRoutable(classIndex))
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

    /// <summary>A replica found nothing to run: a draining one of these pools with nothing left goes to sleep.</summary>
    public void OnIdle(IServingReplica replica)
    {
        if (replica is TReplica r && r.Index < _state.Length && _state[r.Index] == State.Draining && r.Drained)
        {
            GoToSleep(r);
        }
    }

    public void OnEvent(int opcode, int arg)
    {
        if (opcode == OpReady)
        {
            OnReady(_replicaAt[arg]!);
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
                asleepNs / 3.6e12, p.ColdStarts.ToArray()) { ServingSeries = p.ServingSeries.Buckets() };
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
                kv += r.KvInUse;
            }
        }

        var window = now - pool.LastEvaluationNs;
        var busySince = busy - pool.BusyAtLastEvaluation;
        pool.LastEvaluationNs = now;
        pool.BusyAtLastEvaluation = busy;
        foreach (var request in _waiting)
        {
            if (_poolsByClass[_cluster.ClassOf(request)].Contains(pool))
            {
                waiting++;
            }
        }

        // A replica still starting counts as an idle one, as Kubernetes's HPA counts a pod not yet ready when it scales
        // up: the requests waiting for it are its load, not a reason to wake another before it serves.
        var counted = running + pool.Starting;
        if (counted == 0)
        {
            return waiting > 0 ? double.PositiveInfinity : 0;
        }

        return pool.Setup.Metric switch
        {
            AutoscalingMetric.Utilization => window <= 0 ? 0 : (double)busySince / ((double)window * counted),
            AutoscalingMetric.QueueLength => (double)waiting / counted,
            _ => kv / counted,
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
        TReplica? victim = null;
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

    private void OnReady(TReplica replica)
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
            if (_cluster.HasRoutable(_cluster.ClassOf(request)))
            {
                _cluster.Route(request);
            }
            else
            {
                _waiting.Enqueue(request);
            }
        }
    }

    private void GoToSleep(TReplica replica)
    {
        var pool = _poolOf[replica.Index]!;
        _state[replica.Index] = State.Asleep;
        pool.AsleepSince[Array.IndexOf(pool.Members, replica)] = _cluster.Simulation.Now;
        _power.Sleep(replica);
    }

    /// <summary>One autoscaled pool's state and counters.</summary>
    internal sealed class Pool(string name, AutoscalingSetup setup, TReplica[] members, long startNs)
    {
        public string Name { get; } = name;

        public AutoscalingSetup Setup { get; } = setup;

        public TReplica[] Members { get; } = members;

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

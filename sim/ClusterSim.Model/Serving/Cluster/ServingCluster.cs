using ClusterSim.Model.Serving;
using System.Diagnostics;
using ClusterSim.Engine.Core;
using ClusterSim.Engine.Randomness;
using ClusterSim.Model.Facility;
using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving.Admission;
using ClusterSim.Model.Serving.Kinds;
using ClusterSim.Model.Serving.Requests;
using ClusterSim.Model.Serving.Routing;
using ClusterSim.Model.Serving.Scheduling;
using ClusterSim.Model.Workloads;

namespace ClusterSim.Model.Serving.Cluster;

/// <summary>
/// A text-serving cluster on one simulation: traffic classes feed a router, the router feeds
/// replicas, and in disaggregated set-ups prefill replicas hand their KV over a link to decode
/// replicas. Other workload kinds (video generation, avatars, images, ...) run beside text on their
/// own pools, each through its <see cref="IKindService"/>. Collects every metric the summary reports.
/// </summary>
public sealed class ServingCluster : IServingObserver, IEventHandler, IScalingFront<TextRequest>
{
    private const int OpTransferDone = 0;

    private readonly ServingSetup _setup;
    private readonly List<Replica> _replicas = new();
    private readonly List<Replica> _entry = new();
    private readonly List<Replica> _decode = new();
    private readonly IRouter _router;
    private readonly IRouter _decodeRouter;
    private readonly SimRandom _routingRandom;
    private readonly ClassMetrics[] _classes;
    // Each class's max_tokens (null: each request asks for its own output length).
    private readonly int?[] _maxTokens;
    // Each class's context where its clients give no max_tokens (each request asks for it less its prompt), or null.
    private readonly int?[] _contextTokens;
    private readonly int[] _beamWidths;
    private readonly long[] _requestPathNs;
    // Requests dropped because no replica can ever hold them, and the first one's reason, for the run's notes.
    private long _unfitDrops;
    private string? _firstUnfit;
    private readonly List<TextArrivalPump> _pumps = new();
    private readonly FrontBatcher?[] _batchers; // by class: null routes each request on arrival
    private readonly List<Replica>[] _entryByClass;
    private readonly long[] _sendBusyUntil;
    private readonly long[] _receiveBusyUntil;
    private readonly List<(TextRequest Request, Replica From, Replica To)> _transfers = new();
    private readonly Stack<int> _freeTransfers = new();
    private readonly Queue<TextRequest> _central = new();
    private readonly bool _holdsCentrally; // the setup's central queue, or a router that pulls (IRouter.HoldsWhileFull)
    private readonly WithRoomSets? _withRoom; // central-queue mode only: per class, the candidates with room
    private readonly KeyedRoutingIndex? _entryIndex;  // keyed routers only: per class, the least-key candidate (with room, central mode)
    private readonly KeyedRoutingIndex? _decodeIndex; // keyed decode routers only: the least-key decode replica
    private readonly List<IAdmissionPolicy?> _admission = new(); // by replica index: its pool's policy, null admits all
    private readonly ClusterPower? _power;
    private readonly Autoscaler<Replica, TextRequest>? _scaler;
    private readonly List<IScaledKind> _scaledKinds = [];
    private readonly List<Replica>[]? _entryAllByClass;
    private readonly List<IKindService> _kinds = new();
    private long _nextId;
    private long _inFlight;

    // Tokens each text class had processed on each text pool (cost follows the accelerators that served it).
    private readonly List<string> _poolNames = [];
    private readonly List<int> _poolOf = [];
    private long _overloadDrops;
    private int _activePumps;

    public ServingCluster(Simulation simulation, ServingSetup setup, IRequestLog? log = null, IReplicaTracer? tracer = null)
    {
        Simulation = simulation;
        _setup = setup;
        Log = log;
        _router = setup.Router();
        _decodeRouter = setup.DecodeRouter();
        _holdsCentrally = setup.CentralQueue || _router.HoldsWhileFull;
        _routingRandom = simulation.Random["routing"];
        _classes = setup.Classes.Select(c => new ClassMetrics(c.Name, c.Slo, setup.WarmupNs, setup.ArrivalEndNs)
        {
            Capped = c.MaxTokens is not null || c.ContextTokens is not null,
        }).ToArray();
        _maxTokens = setup.Classes.Select(c => c.MaxTokens).ToArray();
        _contextTokens = setup.Classes.Select(c => c.ContextTokens).ToArray();
        _beamWidths = setup.Classes.Select(c => c.BeamWidth).ToArray();
        _requestPathNs = setup.Classes.Select(c => c.RequestPathNs).ToArray();

        // What the waiting-queue disciplines know of each class: priority, TTFT deadline, weight.
        var schedule = setup.Classes.Select(c => new ClassSchedule(c.Priority,
            c.Slo.TtftSeconds is { } ttft ? SimTime.FromSeconds(ttft) : ClassSchedule.NoDeadline, c.Weight)).ToArray();
        foreach (var pool in setup.Pools)
        {
            var admission = pool.Admission?.Invoke();
            for (var i = 0; i < pool.Replicas; i++)
            {
                var replica = new Replica(simulation, _replicas.Count, pool.Config, pool.Timer, pool.Policy(), this, _classes.Length,
                    TextQueues.Create(pool.Scheduling, schedule))
                {
                    Tracer = tracer,
                };
                _replicas.Add(replica);
                _admission.Add(admission);
                (pool.Config.Role == ReplicaRole.Decode ? _decode : _entry).Add(replica);
            }
        }

        foreach (var r in _replicas)
        {
            var pool = _poolNames.IndexOf(r.Config.Pool);
            if (pool < 0)
            {
                pool = _poolNames.Count;
                _poolNames.Add(r.Config.Pool);
            }

            _poolOf.Add(pool);
        }


        if (_entry.Count == 0 && setup.Classes.Count > 0)
        {
            throw new ArgumentException("the cluster has no replica that takes new requests (role both or prefill)");
        }

        if (_entry.Any(r => r.Role == ReplicaRole.Prefill) && _decode.Count == 0)
        {
            throw new ArgumentException("prefill replicas need decode replicas to hand over to");
        }

        _batchers = setup.Classes.Select((c, i) =>
        {
            if (c.FrontBatching is not { } batching)
            {
                return null;
            }

            batching.Validate();
            return new FrontBatcher(simulation, batching, group => ReleaseGroup(i, group));
        }).ToArray();

        _sendBusyUntil = new long[_replicas.Count];
        _receiveBusyUntil = new long[_replicas.Count];
        _entryByClass = setup.Classes.Select(c =>
        {
            if (c.Pools is null)
            {
                return _entry;
            }

            var list = _entry.Where(r => c.Pools.Contains(r.Config.Pool)).ToList();
            return list.Count > 0 ? list : throw new ArgumentException($"class '{c.Name}' names pools with no replica taking new requests: {string.Join(", ", c.Pools)}");
        }).ToArray();
        for (var c = 0; c < setup.Classes.Count; c++)
        {
            var pump = new TextArrivalPump(this, c, setup.Classes[c].Source(simulation));
            _pumps.Add(pump);
            if (pump.ScheduleNext())
            {
                _activePumps++;
            }
        }

        var firstIndex = _replicas.Count;
        foreach (var kind in setup.Kinds)
        {
            var service = kind.Create(simulation, setup.WarmupNs, firstIndex);
            _kinds.Add(service);
            firstIndex += service.Replicas.Count;
        }

        // A log that takes video and image requests too (a timeline) gets them when they complete.
        if (log is IKindRequestLog kindLog)
        {
            foreach (var k in _kinds.OfType<IKindRequestSource>())
            {
                k.LogTo(kindLog);
            }
        }

        // A tracer that follows steps too (a timeline, a busy-over-time chart) sees the step kinds' replicas.
        if (tracer is IStepTracer steps)
        {
            foreach (var r in _kinds.SelectMany(k => k.Replicas).OfType<ITracedStepReplica>())
            {
                r.Tracer = steps;
            }
        }

        // Facility and autoscaling: power states of the replicas, and which ones take requests.
        var autoscaled = setup.Pools.Any(p => p.Autoscaling is not null);
        _scaledKinds.AddRange(_kinds.OfType<IScaledKind>().Where(k => k.Scales));
        if (setup.Facility is not null || autoscaled || _scaledKinds.Count > 0)
        {
            _power = new ClusterPower(simulation, setup.Facility, AllReplicas);
        }

        if (autoscaled)
        {
            // Own lists per class (a class without pools shares _entry), filtered to serving replicas.
            _entryAllByClass = _entryByClass.Select(l => new List<Replica>(l)).ToArray();
            for (var c = 0; c < _entryByClass.Length; c++)
            {
                _entryByClass[c] = new List<Replica>(_entryAllByClass[c]);
            }

            _scaler = new Autoscaler<Replica, TextRequest>(this, _power!, TextScaledPools(setup), _entryAllByClass);
        }

        // Each step kind whose pools scale runs its own, over its own routing.
        foreach (var kind in _scaledKinds)
        {
            kind.StartScaling(_power!);
        }

        if (_holdsCentrally)
        {
            // Built after the autoscaler set its per-class lists: the sets follow those very lists.
            _withRoom = new WithRoomSets(_entryByClass, _replicas.Count);
            foreach (var r in _entry)
            {
                r.RoomChanged = _withRoom.OnRoomChanged;
            }
        }

        // Keyed routers (least outstanding, shortest queue in tokens): the choice is kept current as loads change.
        if (_router is IKeyedRouter keyed)
        {
            _entryIndex = new KeyedRoutingIndex(keyed, _entryByClass, _replicas.Count, roomOnly: _holdsCentrally);
        }

        if (_decodeRouter is IKeyedRouter keyedDecode && _decode.Count > 0)
        {
            _decodeIndex = new KeyedRoutingIndex(keyedDecode, [_decode], _replicas.Count, roomOnly: false);
        }

        if (_entryIndex is not null || _decodeIndex is not null)
        {
            foreach (var r in _replicas)
            {
                r.LoadChanged = OnLoadChanged;
            }
        }

        if (_scaler is not null)
        {
            OnRoutableChanged();
        }
    }

    public Simulation Simulation { get; }

    public IReadOnlyList<Replica> Replicas => _replicas;

    public IReadOnlyList<ClassMetrics> Classes => _classes;

    /// <summary>Every replica of every kind, in index order (text first).</summary>
    public IReadOnlyList<IServingReplica> AllReplicas => [.. _replicas, .. _kinds.SelectMany(k => k.Replicas)];

    /// <summary>The other workload kinds running beside text, in the set-up's order.</summary>
    public IReadOnlyList<IKindService> KindServices => _kinds;

    public IRequestLog? Log { get; }

    /// <summary>The facility the replicas draw power from, when the setup has one.</summary>
    public FacilityModel? Facility => _power?.Facility;

    /// <summary>True while arrivals remain or requests are in flight.</summary>
    public bool HasWork => _activePumps > 0 || _classes.Any(c => c.InFlight > 0) || _kinds.Any(k => k.HasWork);

    /// <summary>Run to completion (every request served) or to the setup's time limit.</summary>
    public ServingResult Run(Action<long>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        var slice = SimTime.Second;
        while (Simulation.PendingEvents > 0 && Simulation.Now < _setup.MaxTimeNs)
        {
            // Whole slices with nothing due are skipped to the one holding the next entry: a trace row years after the
            // last (or a rate of one a day) would otherwise cost a loop turn per idle simulated second, minutes of wall
            // time for nothing. The slice boundaries stay where they were, so results do not change.
            var emptySlices = (Simulation.PeekTime() - Simulation.Now) / slice;
            // (Past the last whole slice before the limit, the limit itself, as Math.Min gave before; no overflow.)
            var until = emptySlices >= (_setup.MaxTimeNs - Simulation.Now) / slice
                ? _setup.MaxTimeNs
                : Simulation.Now + (emptySlices + 1) * slice;
            Simulation.Run(until);
            progress?.Invoke(Simulation.Now);
        }

        // An idle facility still draws power: the run covers at least the scenario's duration.
        var minEnd = Math.Min(_setup.MinEndNs, _setup.MaxTimeNs);
        if (Simulation.Now < minEnd)
        {
            Simulation.Run(minEnd);
        }

        return Result(clock.Elapsed.TotalSeconds);
    }

    public ServingResult Result(double wallSeconds)
    {
        var overall = new ClassMetrics("overall", SloTargets.None);
        foreach (var c in _classes)
        {
            overall.Merge(c);
        }

        var end = Simulation.Now;
        var stats = AllReplicas.Select(r => r.Stats(end)).ToArray();

        // The cost first: the kinds that are costed by the hardware they ran on report their classes' cost per unit from it.
        var facility = _power?.Result(_classes, TextPoolUsages(), [.. _kinds.Select(k => k.CostUsage(end)).OfType<KindCostUsage>()]);
        IReadOnlyList<ClassCost> costs = facility?.Cost.Classes ?? [];
        return new ServingResult(_setup.Name, _setup.Seed, end, _setup.WarmupNs, _classes, overall, stats,
            Simulation.ProcessedEvents, wallSeconds)
        {
            // A run without an arrival end (a request count, a trace) that served everything measures up to its last
            // completion: the clock runs on to the next whole second (the slice) and to the facility's minimum, and
            // counting that idle tail understated a short offline run's throughput by up to a slice (10 % of a 4 s run).
            MeasuredUntilNs = _setup.ArrivalEndNs == long.MaxValue && !HasWork && overall.Completed > 0
                ? Math.Max(overall.LastCompletedNs, _setup.WarmupNs)
                : _setup.ArrivalEndNs,
            Execution = _setup.Execution,
            Notes = _overloadDrops == 0 && _unfitDrops == 0 ? _setup.Notes :
            [
                .. _setup.Notes,
                .. _overloadDrops == 0 ? Array.Empty<string>() :
                [
                    string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"overloaded: {_overloadDrops:N0} text arrivals were dropped because {_setup.MaxInFlight:N0} requests were already in the system (waiting or running, the bound run.max_in_flight sets); the offered load is beyond what the cluster serves, so latencies describe a saturated system, unless the requests were issued at once on purpose (an offline run), which a larger run.max_in_flight admits"),
                ],
                .. _unfitDrops == 0 ? Array.Empty<string>() :
                [
                    string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"{_unfitDrops:N0} text requests were dropped because they can never fit a replica's KV cache; the first, {_firstUnfit}"),
                ],
            ],
            Kinds = [.. _kinds.Select(k => k.Result(end, _setup.WarmupNs, costs))],
            Facility = facility,
            Autoscaling = _scaler is null && _scaledKinds.Count == 0 ? null : [.. _scaler?.Summary() ?? [], .. _scaledKinds.SelectMany(k => k.ScalingSummary())],
        };
    }

    /// <summary>Each text pool's accelerators and the busy accelerator-seconds of every class on it (see <see cref="ClassBusyTime"/>).</summary>
    private List<KindPoolUsage> TextPoolUsages()
        => _poolNames.Select((name, p) =>
        {
            var replicas = _replicas.Where(r => _poolOf[r.Index] == p).ToList();
            return new KindPoolUsage(name, replicas.Sum(r => r.Config.Accelerators),
                [.. _classes.Select((_, c) => replicas.Sum(r => r.ClassBusy.BusyNs(c) * r.Config.Accelerators) / 1e9)]);
        }).ToList();

    // ---- arrivals ---------------------------------------------------------------------------

    private void OnArrival(int classIndex, in TextRequestSpec spec)
    {
        // A client's max_tokens cuts a longer output there (the engine stops at the length limit), and is what an engine
        // that reserves KV memory at admission reserves for; unset, each request asks for its own output length.
        var output = spec.OutputTokens;
        var cap = _maxTokens[classIndex] ?? (_contextTokens[classIndex] is { } context ? Math.Max(1, context - spec.PromptTokens) : null);
        if (output > cap)
        {
            output = cap.Value;
            _classes[classIndex].OnCutAtMaxTokens();
        }

        // Delivered a request path after its client sent it (TextArrivalPump): its times count from the sending.
        var request = new TextRequest(_nextId++, classIndex, Simulation.Now - _requestPathNs[classIndex], spec.PromptTokens, output, spec.PrefixHashes)
        {
            ReceivedNs = Simulation.Now,
            UserId = spec.UserId,
            MaxTokens = cap ?? output,
            BeamWidth = _beamWidths[classIndex],
        };
        _classes[classIndex].OnArrived();
        if (++_inFlight > _setup.MaxInFlight)
        {
            // Overloaded far beyond recovery: memory stays bounded at any arrival rate, and the run says so.
            _overloadDrops++;
            Drop(request);
            return;
        }

        if (_batchers[classIndex] is { } batcher)
        {
            batcher.Add(request);
            return;
        }

        RouteArrived(classIndex, request);
    }

    /// <summary>A front batcher's group: routed as one, to the replica the router picks for its first request.</summary>
    private void ReleaseGroup(int classIndex, List<TextRequest> group)
    {
        var candidates = _entryByClass[classIndex];
        if (_holdsCentrally || candidates.Count == 0)
        {
            // A central queue hands requests out one by one as replicas have room, and a held request waits for a
            // replica to wake: the group only delayed them.
            foreach (var request in group)
            {
                RouteArrived(classIndex, request);
            }

            return;
        }

        var to = _entryIndex?.Pick(classIndex) ?? candidates[_router.Route(group[0], candidates, _routingRandom)];
        var admission = _admission[to.Index];
        foreach (var request in group)
        {
            // Each is admitted against the replica as the ones before it left it, as one by one.
            if (admission is not null && !admission.Admit(request, to, Simulation.Now))
            {
                Drop(request);
                continue;
            }

            to.Accept(request);
        }

        to.Kick();
    }

    private void RouteArrived(int classIndex, TextRequest request)
    {
        if (_holdsCentrally)
        {
            _central.Enqueue(request);
            Dispatch();
            return;
        }

        var candidates = _entryByClass[classIndex];
        if (candidates.Count == 0 && _scaler is not null)
        {
            _scaler.Hold(request); // every replica it may use is asleep or starting
            return;
        }

        Deliver(request, _entryIndex?.Pick(classIndex) ?? candidates[_router.Route(request, candidates, _routingRandom)]);
    }

    private void OnLoadChanged(Replica replica)
    {
        _entryIndex?.OnLoadChanged(replica);
        _decodeIndex?.OnLoadChanged(replica);
    }

    /// <summary>A routed request joins its replica, unless the replica's pool refuses it (then it is dropped and counted).</summary>
    private void Deliver(TextRequest request, Replica replica)
    {
        if (_admission[replica.Index] is { } admission && !admission.Admit(request, replica, Simulation.Now))
        {
            Drop(request);
            return;
        }

        replica.Enqueue(request);
    }

    /// <summary>Central-queue mode: hand queued requests to replicas with room, oldest first.</summary>
    /// <remarks>The replicas with room are kept as they change (see <see cref="WithRoomSets"/>), in the
    /// order of the class's candidate list, so a dispatch costs no scan of every replica.</remarks>
    private void Dispatch()
    {
        while (_central.Count > 0)
        {
            var classIndex = _central.Peek().ClassIndex;
            var withRoom = _withRoom!.For(classIndex);
            if (withRoom.Count == 0)
            {
                if (_scaler is not null && _entryByClass[classIndex].Count == 0)
                {
                    _scaler.NeedCapacity(classIndex);
                }

                return;
            }

            var request = _central.Dequeue();
            Deliver(request, _entryIndex?.Pick(classIndex) ?? withRoom[_router.Route(request, withRoom, _routingRandom)]);
        }
    }

    private void OnSourceExhausted() => _activePumps--;

    // ---- autoscaling --------------------------------------------------------------------------

    /// <summary>The autoscaler changed which replicas serve: route only to those from now on.</summary>
    internal void OnRoutableChanged()
    {
        for (var c = 0; c < _entryByClass.Length; c++)
        {
            _entryByClass[c].Clear();
            foreach (var r in _entryAllByClass![c])
            {
                if (_scaler!.Routable(r))
                {
                    _entryByClass[c].Add(r);
                }
            }
        }

        _withRoom?.Rebuild();
        _entryIndex?.Rebuild();

        if (_central.Count > 0)
        {
            Dispatch();
        }
    }

    internal bool HasRoutable(int classIndex) => _entryByClass[classIndex].Count > 0;

    bool IScalingFront<TextRequest>.HasRoutable(int classIndex) => HasRoutable(classIndex);

    void IScalingFront<TextRequest>.Route(TextRequest request) => Route(request);

    void IScalingFront<TextRequest>.OnRoutableChanged() => OnRoutableChanged();

    int IScalingFront<TextRequest>.ClassOf(TextRequest request) => request.ClassIndex;

    /// <summary>The text pools that scale, with their replicas; a decode-only pool cannot.</summary>
    private List<(string Name, AutoscalingSetup Setup, Replica[] Members)> TextScaledPools(ServingSetup setup)
    {
        var pools = new List<(string, AutoscalingSetup, Replica[])>();
        foreach (var p in setup.Pools.Where(p => p.Autoscaling is not null))
        {
            if (p.Config.Role == ReplicaRole.Decode)
            {
                throw new ArgumentException($"pool '{p.Name}': autoscaling of decode-only pools is not supported (the prefill side hands over to every decode replica)");
            }

            pools.Add((p.Name, p.Autoscaling!, _replicas.Where(r => r.Config.Pool == p.Name).ToArray()));
        }

        return pools;
    }

    /// <summary>Routes a request that waited for a serving replica.</summary>
    internal void Route(TextRequest request)
    {
        var candidates = _entryByClass[request.ClassIndex];
        Deliver(request, _entryIndex?.Pick(request.ClassIndex) ?? candidates[_router.Route(request, candidates, _routingRandom)]);
    }

    // ---- observer ---------------------------------------------------------------------------

    public void OnScheduled(TextRequest request)
    {
    }

    public void OnFirstToken(TextRequest request)
    {
    }

    public void OnGaps(int classIndex, long endNs, long gapNs, int count) => _classes[classIndex].OnGaps(endNs, gapNs, count);

    public void OnGapRun(int classIndex, ReadOnlySpan<long> ends, int count) => _classes[classIndex].OnGapRun(ends, count);

    public void OnCompleted(TextRequest request)
    {
        _inFlight--;
        _classes[request.ClassIndex].OnCompleted(request);
        Log?.Write(request, _classes[request.ClassIndex].Name);
        _pumps[request.ClassIndex].OnLeft(request);
        if (_central.Count > 0)
        {
            Dispatch();
        }
    }

    /// <summary>A replica dropped a request it can never hold: the run says how many and why (the first one's reason).</summary>
    public void OnDropped(TextRequest request, string reason)
    {
        _unfitDrops++;
        _firstUnfit ??= $"request {request.Id} of '{_classes[request.ClassIndex].Name}' ({request.PromptTokens} prompt tokens): {reason}";
        Drop(request);
    }

    /// <summary>A request leaves unserved: overload, admission's refusal (the cluster's own), or a replica's (above).</summary>
    private void Drop(TextRequest request)
    {
        _inFlight--;
        request.State = RequestState.Dropped;
        _classes[request.ClassIndex].OnDropped();
        Log?.Write(request, _classes[request.ClassIndex].Name);
        _pumps[request.ClassIndex].OnLeft(request);
    }

    public void OnPrefillHandoff(Replica from, TextRequest request)
    {
        var to = _decodeIndex?.Pick(0) ?? _decode[_decodeRouter.Route(request, _decode, _routingRandom)];
        var bytes = (double)(request.ContextTokens + from.Config.WindowPoolTokens(request.ContextTokens)) * from.Config.KvBytesPerToken;

        // The transfer holds the sender's outgoing link and the receiver's incoming one, at the slowest of
        // the two and the fabric between them; each end carries one transfer at a time.
        var rate = Math.Min(Math.Min(LinkRate(from), LinkRate(to)), _setup.KvFabricBytesPerSecond);
        var start = Math.Max(Simulation.Now, Math.Max(_sendBusyUntil[from.Index], _receiveBusyUntil[to.Index]));
        var end = start + _setup.KvLinkLatencyNs + SimTime.FromSeconds(bytes / rate);
        _sendBusyUntil[from.Index] = end;
        _receiveBusyUntil[to.Index] = end;

        var slot = _freeTransfers.Count > 0 ? _freeTransfers.Pop() : AddTransferSlot();
        _transfers[slot] = (request, from, to);
        Simulation.ScheduleAt(end, this, OpTransferDone, slot);
    }

    private double LinkRate(Replica replica)
        => replica.Config.NetworkBytesPerSecond > 0 ? replica.Config.NetworkBytesPerSecond : _setup.KvLinkBytesPerSecond;

    public void OnEvent(int opcode, int arg)
    {
        var (request, from, to) = _transfers[arg];
        _transfers[arg] = default;
        _freeTransfers.Push(arg);
        from.ReleaseTransferred(request);
        request.ResumeDecode = true;
        to.Enqueue(request);
    }

    private int AddTransferSlot()
    {
        _transfers.Add(default);
        return _transfers.Count - 1;
    }

    /// <summary>Keeps exactly one pending arrival per class on the allocation-free path.</summary>
    private sealed class TextArrivalPump(ServingCluster cluster, int classIndex, IRequestSource source) : IEventHandler
    {
        // Typed once: every completion asks whether a user is waiting to send again.
        private readonly ClosedLoopRequestSource? _closed = source as ClosedLoopRequestSource;
        private TextRequestSpec _next;

        public bool ScheduleNext()
        {
            if (!source.TryNext(out _next))
            {
                return false;
            }

            // A request reaches the cluster its request path after the client sends it.
            cluster.Simulation.ScheduleAt(Math.Max(_next.ArrivalNs + cluster._requestPathNs[classIndex], cluster.Simulation.Now), this);
            return true;
        }

        // Closed-loop users: each follow-up request is its own pending arrival (slot = event argument).
        private readonly List<TextRequestSpec> _followUps = new();
        private readonly Stack<int> _freeFollowUps = new();

        public void OnEvent(int opcode, int arg)
        {
            if (opcode == 1)
            {
                var spec = _followUps[arg];
                _freeFollowUps.Push(arg);
                cluster.OnArrival(classIndex, in spec);
                return;
            }

            cluster.OnArrival(classIndex, in _next);
            if (!ScheduleNext() && _closed is null)
            {
                cluster.OnSourceExhausted();
            }
        }

        /// <summary>A request of this class left (completed or dropped): a closed-loop user thinks, then sends again.</summary>
        public void OnLeft(TextRequest request)
        {
            if (_closed is not { } closed)
            {
                return;
            }

            var spec = new TextRequestSpec(request.ArrivalNs, request.PromptTokens, request.OutputTokens, request.PrefixHashes, request.UserId);
            if (!closed.OnCompleted(in spec, cluster.Simulation.Now, out var next))
            {
                return;
            }

            int slot;
            if (_freeFollowUps.Count > 0)
            {
                slot = _freeFollowUps.Pop();
                _followUps[slot] = next;
            }
            else
            {
                slot = _followUps.Count;
                _followUps.Add(next);
            }

            cluster.Simulation.ScheduleAt(Math.Max(next.ArrivalNs + cluster._requestPathNs[classIndex], cluster.Simulation.Now), this, 1, slot);
        }
    }
}

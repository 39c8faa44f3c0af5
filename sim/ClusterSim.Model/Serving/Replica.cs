using ClusterSim.Engine.Core;
using ClusterSim.Model.Facility;
using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving.Batching;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.KvCache;
using ClusterSim.Model.Serving.Requests;
using ClusterSim.Model.Serving.Scheduling;

namespace ClusterSim.Model.Serving;

/// <summary>
/// One model instance on its accelerator group: a waiting queue, a paged KV cache and an
/// iteration loop driven by a batching policy, as vLLM, SGLang and TensorRT-LLM run it.
/// </summary>
/// <remarks>
/// Hot path: per iteration O(1) plus O(log n) per request that starts or finishes; nothing per
/// token. A decoding sequence's token count is derived from the replica's decode-step counter,
/// completions come off a heap keyed by the step at which each sequence finishes, token gaps are
/// recorded per group of sequences (<see cref="GapGroups"/>), and the KV cache grows in O(1) per
/// step. Runs on the engine's allocation-free path (one handler, two opcodes).
/// </remarks>
public sealed class Replica : IEventHandler, IReplicaView, IScalableReplica
{
    private const int OpIterationDone = 0;
    private const int OpWake = 1;
    private const int OpRunContinue = 2;

    /// <summary>
    /// Steps of a decode run timed when it starts; each continuation times twice as many more. An arriving request
    /// ends a run early: timed to its next completion at once, half the steps of a day's run were timed for nothing.
    /// 128 rather than 32: at 32 the continuation events cost about what the untimed steps saved (day-10m, 2 M
    /// requests: 6.4 % fewer instructions at 128 with 6 % more events).
    /// </summary>
    private const int FirstChunkSteps = 128;

    /// <summary>Longest run of back-to-back decode-only iterations simulated with one event.</summary>
    private const int MaxRunSteps = 1024;

    private readonly IIterationTimer _timer;
    private readonly IBatchPolicy _policy;
    private readonly IServingObserver _observer;
    private readonly KvBlockManager _kv;
    private readonly BatchBuilder _builder;
    private readonly PriorityQueue<(TextRequest Request, int Epoch), long> _finish = new();
    private readonly GapGroups _gaps;
    private readonly List<TextRequest> _completedChunks = new();
    private readonly long _bytesPerBlock;

    private TextRequest? _decHead;
    private TextRequest? _decTail;
    private long _decodeSteps;
    private long _decodeContextSum;
    private long _decodeSharedPairs;
    private long _lastDecodeEndNs;
    private bool _busy;
    private bool _iterationDecodes;
    private long _iterationStartNs;
    private long _wakeAtNs = long.MaxValue;
    private long _stallNs;
    private BatchShape _iterationShape;
    // Blocks the admitted requests still have to take before their last token, when admission reserves
    // (PreemptionMode.None, or an AdmissionReserve): counted from token counts, so a prefix block shared
    // by many requests is never owed twice. Decode steps pay it down; a request leaving pays off its rest.
    private long _owedBlocks;
    private readonly bool _reserves;
    private readonly int _watermarkBlocks;

    // Multi-step scheduling (IBatchPolicy.SchedulerSteps): decode steps per round, and how far into its round the
    // replica is (0: at a boundary, where the scheduler may admit).
    private readonly int _schedulerSteps;
    private int _roundPos;

    // An overlap scheduler (ReplicaConfig.ScheduleAhead) formed the next batch when the step in progress began: what
    // arrives during a step waits here, arrival order kept, and joins the batch after the next (the queue is empty
    // whenever the replica is idle). _lastStepStartNs: when the last step of the iteration just ended began.
    private readonly bool _ahead;
    private readonly List<(TextRequest Request, long AtNs)> _aheadQueue = new();
    private long _lastStepStartNs;

    // A decode run: _runSteps decode-only iterations ending at _stepEnds[0.._runSteps-1], one event. A run may take
    // up to _runPlanned steps; they are timed in chunks, and an event at the last timed step's end (OpRunContinue) times
    // the next chunk (_runChunk steps) from the full-clock end of the last (_runFullEndNs), within the run's full-clock
    // time limit (_runLimitNs), and places it as Launch placed the first: stretched by _runFactor when _runStretched,
    // else shifted by _runShiftNs. The steps' times are those one timing of the whole run would give.
    private readonly long[] _stepEnds = new long[MaxRunSteps];
    private int _runSteps;
    private int _runPlanned;
    private int _runChunk;
    private long _runFullEndNs;
    private long _runLimitNs;
    private bool _runStretched;
    private double _runFactor;
    private long _runShiftNs;
    private int _iterationEpoch;

    // Power hook (IReplicaPower): while _held, a cap holds the planned run back and _stepEnds holds its
    // full-clock step end times as planned at _runPlannedNs (the swap stall included); _runFraction is the share of the run's time that slows with the
    // clock, _runMemory the share its memory system streams (the power model's bandwidth use), both weighted by step
    // duration; _runStallNs is the swap stall its first step carries.
    private bool _held;
    private double _runFraction;
    private double _runMemory;
    private long _runStallNs;
    private long _runPlannedNs;

    // Where the busy time went (IIterationParts), when the timer can say: each run's time split by the shares of its
    // middle step (a decode run's steps grow by a token of context each, so its mean step's), the swap-in stall apart.
    // Read once per run, never per step; observing it changes no time.
    private readonly IIterationParts? _parts;
    private readonly double[]? _partShares;
    private readonly double[]? _partNs;
    private bool _runHasShares;
    private long _runSwapNs;

    /// <param name="waiting">The waiting-queue discipline (see <see cref="TextQueues"/>); null is first come, first served.</param>
    public Replica(Simulation simulation, int index, ReplicaConfig config, IIterationTimer timer, IBatchPolicy policy,
        IServingObserver observer, int classes, WaitingQueue<TextRequest>? waiting = null)
    {
        Waiting = waiting ?? TextQueues.Create(SchedulingPolicy.Fcfs, []);
        Simulation = simulation;
        Index = index;
        Config = config;
        _timer = timer;
        _policy = policy;
        _schedulerSteps = policy.SchedulerSteps;
        _ahead = config.ScheduleAhead && _schedulerSteps == 1;
        _observer = observer;
        _kv = new KvBlockManager(config.KvBlocks, config.BlockSizeTokens, config.PrefixBlockTokens);
        if (!(config.AdmissionReserve is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(config), config.AdmissionReserve, "AdmissionReserve must be in [0, 1]");
        }

        _reserves = config.Preemption == PreemptionMode.None || config.AdmissionReserve > 0;
        if (!(config.AdmissionWatermark is >= 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(config), config.AdmissionWatermark, "AdmissionWatermark must be in [0, 1)");
        }

        // vLLM's int(watermark x blocks); never used when nothing else holds the cache, so any request that fits alone runs.
        _watermarkBlocks = config.Preemption == PreemptionMode.None ? 0 : (int)(config.AdmissionWatermark * config.KvBlocks);
        _builder = new BatchBuilder(this);
        _gaps = new GapGroups(classes);
        _bytesPerBlock = config.KvBytesPerToken * config.BlockSizeTokens;
        BatchSize = new TimeWeightedSeries(simulation.Now);
        Running = new TimeWeightedSeries(simulation.Now);
        KvOccupancy = new TimeWeightedSeries(simulation.Now);
        QueueLength = new TimeWeightedSeries(simulation.Now);
        if (timer is IIterationParts { HasParts: true } parts)
        {
            _parts = parts;
            _partShares = new double[parts.PartNames.Count];
            _partNs = new double[parts.PartNames.Count + 1];
        }
    }

    public Simulation Simulation { get; }

    public int Index { get; }

    public ReplicaConfig Config { get; }

    public IBatchPolicy Policy => _policy;

    /// <summary>Order in which waiting requests are admitted.</summary>
    public SchedulingPolicy Scheduling => Waiting.Policy;

    /// <summary>
    /// Receives every iteration and preemption when set (timelines). Setting one changes nothing that
    /// is simulated: the steps of a decode run are reported one by one as they were planned.
    /// </summary>
    public IReplicaTracer? Tracer { get; set; }

    /// <summary>
    /// Simulates every iteration as its own event instead of decode runs: the reference the decode-run
    /// tests compare against. Latencies and counts are the same either way; event counts are not, and
    /// with a facility neither is energy in its last digits (a run books power once, not per step).
    /// </summary>
    internal bool OneEventPerIteration { get; set; }

    public ReplicaRole Role => Config.Role;

    string IReplicaView.Pool => Config.Pool;

    int IReplicaView.MaxSequences => Config.MaxSequences;

    /// <inheritdoc />
    public long StepBoundaryNs
    {
        get
        {
            if (!_busy && !_finishing)
            {
                return 0;
            }

            if (_finishing || _runSteps == 0)
            {
                return Simulation.Now; // at the boundary now: the next iteration is being planned
            }

            // The first timed step end not yet passed (the ends ascend); a continuation always has one timed ahead.
            var ends = _stepEnds.AsSpan(0, _runSteps);
            var now = Simulation.Now;
            var (lo, hi) = (0, ends.Length - 1);
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (ends[mid] < now)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            if (_schedulerSteps > 1)
            {
                // Admission waits for the end of the round the step in progress belongs to (as SplitRun ends the run
                // there); past the steps timed so far, the last timed end is the nearest bound known.
                var roundEnd = lo + (_schedulerSteps - (_roundPos + lo + 1) % _schedulerSteps) % _schedulerSteps;
                lo = Math.Min(roundEnd, ends.Length - 1);
            }
            else if (_ahead)
            {
                // Scheduled ahead, an arrival joins the batch after the next: the end of the step after this one, or,
                // past the steps timed so far, this one's end and its length again.
                return lo + 1 < ends.Length ? ends[lo + 1] : 2 * ends[lo] - (lo > 0 ? ends[lo - 1] : _iterationStartNs);
            }

            return ends[lo];
        }
    }

    string IServingReplica.PoolName => Config.Pool;

    int IServingReplica.Accelerators => Config.Accelerators;

    /// <summary>Power and clock of the accelerators (a facility); null: full clock, no energy booked.</summary>
    public IReplicaPower? Power { get; set; }

    /// <summary>True while a power cap holds a planned iteration back.</summary>
    public bool HeldBack => _held;

    /// <summary>
    /// True inside <see cref="FinishIteration"/>: a request handed to this replica meanwhile (a central queue
    /// dispatches on every completion) waits for the iteration's end, where the next one is planned, instead of
    /// planning one in the middle of it with the builder still in use.
    /// </summary>
    private bool _finishing;

    /// <summary>True while an iteration runs or is held back.</summary>
    public bool Busy => _busy;

    /// <summary>Requests on this replica: waiting, prefilling or decoding.</summary>
    public int Outstanding { get; private set; }

    /// <summary>Told when <see cref="Outstanding"/> crosses <c>MaxSequences</c> (true: room again), so a central
    /// queue keeps its replicas with room without scanning them all; null when nobody asks.</summary>
    internal Action<Replica, bool>? RoomChanged { get; set; }

    /// <summary>Told after <see cref="Outstanding"/> and <see cref="OutstandingTokens"/> change (a request joined or
    /// left), so a keyed router's index stays current without scanning; null when nobody asks.</summary>
    internal Action<Replica>? LoadChanged { get; set; }

    /// <summary>Prompt plus output tokens of the requests on this replica, each beam's (a work estimate for routers).</summary>
    public long OutstandingTokens { get; private set; }

    public int WaitingCount => Waiting.Count + _aheadQueue.Count;

    /// <summary>Requests decoding (a beam-search request counts once).</summary>
    public int DecodingCount { get; private set; }

    /// <summary>Tokens a decode step computes: one per decoding request, or per beam of a beam-search request.</summary>
    public int DecodeTokens { get; private set; }

    public double KvFreeFraction => Config.KvBlocks == 0 ? 0 : (double)_kv.AvailableBlocks / Config.KvBlocks;

    /// <summary>Share of the KV cache in use: 1 - <see cref="KvFreeFraction"/>.</summary>
    public double KvInUse => 1 - KvFreeFraction;

    /// <summary>Nothing waiting or running, and no iteration under way.</summary>
    public bool Drained => Outstanding == 0 && !_busy;

    public long Iterations { get; private set; }

    public long Preemptions { get; private set; }

    /// <summary>Nanoseconds spent running iterations.</summary>
    public long BusyNs { get; private set; }

    /// <summary><see cref="BusyNs"/> of finished iterations split among the classes of their work (see <see cref="ClassBusyTime"/>).</summary>
    internal ClassBusyTime ClassBusy { get; } = new();

    /// <summary><see cref="BusyNs"/> plus the part of the iteration running at <paramref name="nowNs"/>.</summary>
    public long BusyNsAt(long nowNs) => BusyNs + (_busy && !_held ? Math.Max(0, nowNs - _iterationStartNs) : 0);

    public long PrefixHitTokens { get; private set; }

    public long PromptTokensAdmitted { get; private set; }

    public TimeWeightedSeries BatchSize { get; }

    /// <summary>
    /// Sequences admitted and not finished, whether or not the current iteration includes them (decodes paused by a
    /// prefill-only iteration count): the running set, Little's law's count of requests being served.
    /// </summary>
    public TimeWeightedSeries Running { get; }

    public TimeWeightedSeries KvOccupancy { get; }

    public TimeWeightedSeries QueueLength { get; }

    internal WaitingQueue<TextRequest> Waiting { get; }

    internal PrefillList Prefilling { get; } = new();

    internal KvBlockManager Kv => _kv;

    /// <summary>Leading prefix blocks of <paramref name="hashes"/> resident here (for prefix-aware routing).</summary>
    public int MatchPrefix(long[]? hashes) => hashes is null ? 0 : _kv.MatchPrefix(hashes);

    /// <summary>Blocks still owed to reserving requests (0 when admission does not reserve); for tests.</summary>
    internal long OwedBlocks => _owedBlocks;

    /// <summary>
    /// The most tokens a request's KV cache holds here: the prompt and every generated token but the last
    /// (which is never fed back), or only the prompt on a prefill replica, which hands it over after one token.
    /// </summary>
    private int LastKvTokens(TextRequest r) => LastContext(r) + Config.WindowPoolTokens(LastContext(r));

    // The longest context the request holds here (its prompt on a prefill replica); with local attention its pool
    // tokens add its layers' window (ReplicaConfig.WindowPoolTokens).
    private int LastContext(TextRequest r)
        => Config.Role == ReplicaRole.Prefill ? r.PromptTokens : r.PromptTokens + Math.Max(0, r.OutputTokens - 1);

    /// <summary>
    /// The most tokens admission reserves for: the request's KV at the last token it may ask for (its max_tokens), since an
    /// engine cannot know where its output will end (TensorRT-LLM's getRemainingBlocksToCompletion counts prompt plus
    /// max_new_tokens). What it does not use is paid off when it leaves (<see cref="PayOffReservation"/>).
    /// </summary>
    private int ReservedKvTokens(TextRequest r)
    {
        var context = Config.Role == ReplicaRole.Prefill ? r.PromptTokens : r.PromptTokens + Math.Max(0, r.MaxTokens - 1);
        return context + Config.WindowPoolTokens(context);
    }

    /// <summary>Beams a request decodes here: its own, or one on a prefill replica, which computes only its prompt.</summary>
    private int Beams(TextRequest r) => Config.Role == ReplicaRole.Prefill ? 1 : r.BeamWidth;

    /// <summary>KV blocks the request holds here at <paramref name="tokens"/> tokens (each beam's, sharing the prompt's).</summary>
    private int KvBlocks(TextRequest r, int tokens) => _kv.BlocksForBeams(Math.Min(r.PromptTokens, tokens), tokens, Beams(r));

    /// <summary>Take a request: new, or handed over with its KV by a prefill replica.</summary>
    public void Enqueue(TextRequest request)
    {
        if (Accept(request))
        {
            TryStart();
        }
    }

    /// <summary>
    /// Joins the waiting queue without planning an iteration: for several requests that reach the replica at the same
    /// instant as one group (a front batcher's), which all join before <see cref="Kick"/> plans the next iteration, as
    /// an engine adds a whole batch before its next step. False when the request was dropped (it can never fit).
    /// </summary>
    internal bool Accept(TextRequest request)
    {
        // Where admission reserves, a request whose reservation can never fit is never admitted, whatever it will use.
        var needed = KvBlocks(request, _reserves ? ReservedKvTokens(request) : LastKvTokens(request));
        if (needed > Config.KvBlocks)
        {
            _observer.OnDropped(request, _reserves && request.MaxTokens > request.OutputTokens
                ? $"its reservation (prompt and max_tokens {request.MaxTokens}) needs {needed} KV blocks, the replica holds {Config.KvBlocks}"
                : $"needs {needed} KV blocks, the replica holds {Config.KvBlocks}");
            return false;
        }

        request.Replica = Index;
        request.State = RequestState.Waiting;
        if (_ahead && (_busy || _finishing))
        {
            // The batch after the step in progress was formed when that step began: this request joins the one after it.
            SplitRun(1);
            _aheadQueue.Add((request, Simulation.Now));
        }
        else
        {
            SplitRun();
            Waiting.PushBack(request);
        }
        if (++Outstanding == Config.MaxSequences)
        {
            RoomChanged?.Invoke(this, false);
        }

        OutstandingTokens += request.PromptTokens + ((long)request.BeamWidth * request.OutputTokens);
        LoadChanged?.Invoke(this);
        QueueLength.Record(Simulation.Now, WaitingCount);
        return true;
    }

    /// <summary>Plans the next iteration if the replica is idle (after <see cref="Accept"/>).</summary>
    internal void Kick() => TryStart();

    /// <summary>Called by the cluster when a handed-over request's KV has left this replica.</summary>
    public void ReleaseTransferred(TextRequest request)
    {
        PayOffReservation(request);
        _kv.Free(request.Kv);
        request.HasKv = false;
        Leave(request);
        TryStart();
    }

    public void OnEvent(int opcode, int arg)
    {
        if (opcode == OpIterationDone)
        {
            if (arg == _iterationEpoch)
            {
                FinishIteration();
            }
        }
        else if (opcode == OpRunContinue)
        {
            if (arg == _iterationEpoch)
            {
                ContinueRun();
            }
        }
        else if (Simulation.Now >= _wakeAtNs)
        {
            _wakeAtNs = long.MaxValue;
            TryStart();
        }
    }

    /// <summary>Admission for the batch builder: give the request its KV, or say no.</summary>
    internal bool TryAdmit(TextRequest r)
    {
        // A sequence resuming decode (swapped in, or handed over by a prefill replica) brings the KV it held:
        // every token but the last generated one, which the next decode step feeds.
        var tokens = r.ResumeDecode ? r.ContextTokens - 1 : r.ContextTokens;
        // The pool's tokens: the context's, and with local attention the local layers' window (ReplicaConfig.WindowPoolTokens).
        var poolTokens = tokens + Config.WindowPoolTokens(LastContext(r));
        var finalBlocks = 0;
        var growth = 0;
        var watermark = _kv.LiveSequences > 0 ? _watermarkBlocks : 0;
        // A beam-search request's other beams each take a copy of the prompt's last block with it.
        var beams = Beams(r);
        var copies = beams - 1;
        if (_reserves)
        {
            // Room for this request's whole life beside (a share of) the growth still owed to the others.
            var reserve = Config.Preemption == PreemptionMode.None ? 1.0 : Config.AdmissionReserve;
            finalBlocks = KvBlocks(r, ReservedKvTokens(r));
            growth = Math.Max(0, finalBlocks - (_kv.BlocksFor(poolTokens) + copies));
            var kept = reserve >= 1 ? _owedBlocks : (long)Math.Ceiling(reserve * _owedBlocks);
            if (kept + growth + watermark + copies > int.MaxValue || !_kv.CanAllocate(poolTokens, r.PrefixHashes, (int)(kept + growth + watermark + copies)))
            {
                return false;
            }
        }
        else if (watermark + copies > 0 && !_kv.CanAllocate(poolTokens, r.PrefixHashes, watermark + copies))
        {
            return false;
        }

        if (!_kv.TryAllocate(poolTokens, r.PrefixHashes, beams, out var allocation))
        {
            return false;
        }

        _owedBlocks += growth;
        r.ReservedBlocks = finalBlocks;

        r.Kv = allocation.Sequence;
        r.HasKv = true;
        if (r.ScheduledNs < 0)
        {
            r.ScheduledNs = Simulation.Now;
            _observer.OnScheduled(r);
        }

        if (r.ResumeDecode)
        {
            // Swap-in moves the blocks back over the host link; a handed-over request's KV
            // arrived over the cluster link already.
            if (r.Swapped)
            {
                _stallNs += TransferNs(allocation.NewBlocks * _bytesPerBlock, Config.SwapBytesPerSecond);
                r.Swapped = false;
            }

            r.ResumeDecode = false;
            JoinDecode(r);
            return true;
        }

        // At least one token is computed even on a full prefix hit: it yields the next token.
        var hit = Math.Min(allocation.HitTokens, tokens - 1);
        if (r.Generated == 0)
        {
            r.PrefixHitTokens = hit;
            PrefixHitTokens += hit;
            PromptTokensAdmitted += r.PromptTokens;
        }

        r.PrefillCached = hit;
        r.PrefillTarget = tokens - hit;
        r.PrefillDone = 0;
        r.ChunkInFlight = 0;
        r.State = RequestState.Prefilling;
        Prefilling.Add(r);
        return true;
    }

    private void TryStart()
    {
        if (_busy || _finishing)
        {
            return;
        }

        _builder.Reset();
        _builder.AdmissionClosed = _schedulerSteps > 1 && _roundPos != 0 && DecodingCount > 0;
        if (!_policy.Plan(_builder, out var wakeAt))
        {
            if (wakeAt >= 0 && wakeAt < _wakeAtNs)
            {
                _wakeAtNs = wakeAt;
                Simulation.ScheduleAt(Math.Max(wakeAt, Simulation.Now), this, OpWake);
            }

            Power?.OnIdle(this);
            return;
        }

        _iterationDecodes = _builder.DecodesIncluded && DecodingCount > 0;
        var runSteps = _iterationDecodes ? PlanDecodeRun() : 0;
        if (_iterationDecodes && runSteps <= 1)
        {
            while (_kv.BlocksNeededForDecodeStep > _kv.AvailableBlocks)
            {
                PreemptYoungest();
            }

            _iterationDecodes = DecodingCount > 0;
            runSteps = _iterationDecodes ? 1 : 0;
        }

        var shape = _builder.Shape;
        if (_iterationDecodes)
        {
            shape.DecodeSequences = DecodeTokens;
            shape.DecodeContextTokens = _decodeContextSum;
            shape.DecodeSharedPairs = _decodeSharedPairs;
            if (Config.LocalAttention is { } local)
            {
                runSteps = AddSkipped(local, ref shape, runSteps);
            }
        }

        if (shape.IsEmpty && _builder.Chunks.Count == 0 && _stallNs == 0)
        {
            Power?.OnIdle(this);
            return;
        }

        // Full-clock step end times first, as if the run started now (and, with a power hook, the run's
        // compute-bound shares); Launch moves them to the clock and the time the hook grants.
        var power = Power;
        var share = power is null ? null : _timer as IComputeBoundShare;
        var first = shape.IsEmpty ? 0 : Math.Max(1, _timer.IterationNs(in shape));
        var now = Simulation.Now;
        _runPlannedNs = now;
        _stepEnds[0] = now + Math.Max(1, first + _stallNs); // a swap stall rides on the first step
        double computeNs = 0, memoryNs = 0;
        if (power is not null)
        {
            AddShares(share, in shape, first, ref computeNs, ref memoryNs);
        }

        var planned = Math.Max(1, runSteps);
        var timed = 1;
        _runLimitNs = long.MaxValue;
        if (planned > 1)
        {
            // Later steps differ only in the context each sequence has grown by: one pass of the timer,
            // straight to end times, for the first chunk of the run (ContinueRun times the rest as the run
            // gets there). With a power hook a run also ends once it has lasted MaxRunNs, so that clock changes
            // reach it promptly; step times grow along a run, so MaxRunNs / first + 1 steps are enough to find
            // that end, and the run's compute-bound shares are those of its first step.
            // Read once: an interface call at every step of the timer's loop cost more than the step itself.
            var maxRunNs = power?.MaxRunNs ?? long.MaxValue;
            if (power is not null)
            {
                planned = (int)Math.Min(planned, maxRunNs / Math.Max(1, first) + 2);
            }

            var startNs = now + _stallNs;
            _runLimitNs = maxRunNs >= long.MaxValue - startNs ? long.MaxValue : startNs + maxRunNs;
            var chunk = Math.Min(planned, FirstChunkSteps);
            timed = _timer.DecodeRunEnds(in shape, _stepEnds.AsSpan(0, chunk), startNs, maxRunNs);
            if (timed < chunk)
            {
                planned = timed; // the time limit ends the run inside the chunk
            }

            _runChunk = 2 * chunk;
        }

        if (_parts is not null)
        {
            var middle = shape;
            middle.AdvanceDecode((planned - 1) / 2);
            _runHasShares = !middle.IsEmpty && _parts.TryShares(in middle, _partShares);
            _runSwapNs = _stallNs;
        }

        _runSteps = timed;
        _runPlanned = planned;
        _runFullEndNs = _stepEnds[timed - 1];
        _busy = true;
        _iterationShape = shape;
        _runStallNs = _stallNs;
        _stallNs = 0;
        _runFraction = first > 0 ? Math.Clamp(computeNs / first, 0, 1) : 0;
        _runMemory = first > 0 ? Math.Clamp(memoryNs / first, 0, 1) : 0;
        if (power is not null)
        {
            if (shape.IsEmpty)
            {
                power.OnIdle(this); // only a swap transfer: the accelerators wait on the host link
            }
            else if (!power.TryBusy(this, _runFraction, _runMemory, out var clock))
            {
                _held = true;
                return;
            }
            else
            {
                Launch(clock);
                return;
            }
        }

        Launch(1);
    }

    /// <summary>Its figures over the run up to <paramref name="endNs"/>.</summary>
    public ReplicaStats Stats(long endNs)
    {
        BatchSize.AdvanceTo(endNs);
        Running.AdvanceTo(endNs);
        KvOccupancy.AdvanceTo(endNs);
        QueueLength.AdvanceTo(endNs);
        return new ReplicaStats
        {
            Index = Index,
            Pool = Config.Pool,
            Role = Role.ToString().ToLowerInvariant(),
            Accelerators = Config.Accelerators,
            Utilization = (double)BusyNs / Math.Max(1, endNs),
            MeanBatchSize = BatchSize.Mean,
            MaxBatchSize = BatchSize.Max,
            MeanRunning = Running.Mean,
            MeanKvOccupancy = KvOccupancy.Mean,
            MeanQueueLength = QueueLength.Mean,
            Iterations = Iterations,
            Preemptions = Preemptions,
            PrefixHitRate = PromptTokensAdmitted == 0 ? 0 : (double)PrefixHitTokens / PromptTokensAdmitted,
            BusyParts = _partNs is null ? null : BusyParts(),
            BatchSeries = BatchSize.Buckets(),
            RunningSeries = Running.Buckets(),
            KvSeries = KvOccupancy.Buckets(),
            QueueSeries = QueueLength.Buckets(),
        };
    }

    private (string Name, double Seconds)[] BusyParts()
    {
        var names = _parts!.PartNames;
        var parts = new (string, double)[names.Count + 1];
        for (var i = 0; i < names.Count; i++)
        {
            parts[i] = (names[i], _partNs![i] / 1e9);
        }

        parts[^1] = (KvSwapPart, _partNs![^1] / 1e9);
        return parts;
    }

    /// <summary>The busy-time part of swapped KV blocks coming back over the host link (<see cref="ReplicaStats.BusyParts"/>).</summary>
    public const string KvSwapPart = "kv_swap_in";

    /// <summary>Start the held-back run now if the power hook grants it (a cap freed headroom).</summary>
    public void RetryHeld()
    {
        if (!_held || Power is null || !Power.TryBusy(this, _runFraction, _runMemory, out var clock))
        {
            return;
        }

        _held = false;
        Launch(clock);
    }

    /// <summary>Move the run's full-clock end times, planned at <c>_runPlannedNs</c>, to start now at <paramref name="clock"/>.</summary>
    private void Launch(double clock)
    {
        var now = Simulation.Now;
        var steps = _stepEnds.AsSpan(0, _runSteps);
        _runStretched = clock < 1;
        _runShiftNs = 0;
        if (clock < 1)
        {
            // ClockScaling.Stretch step by step, with its factor (the same for every step) worked out once;
            // a transfer over the host link (the stall) does not slow with the clock.
            var factor = ClockScaling.TimeFactor(_runFraction, clock);
            _runFactor = factor;
            var previous = _runPlannedNs + _runStallNs;
            var end = now;
            for (var j = 0; j < steps.Length; j++)
            {
                var planned = steps[j];
                var d = (long)Math.Round((planned - previous) * factor);
                previous = planned;
                if (j == 0)
                {
                    d += _runStallNs;
                }

                end += Math.Max(1, d);
                steps[j] = end;
            }
        }
        else if (now != _runPlannedNs)
        {
            // Held back by a cap and granted later at full clock: the same steps, shifted.
            var shift = now - _runPlannedNs;
            _runShiftNs = shift;
            for (var j = 0; j < steps.Length; j++)
            {
                steps[j] += shift;
            }
        }

        _runStallNs = 0;
        _iterationStartNs = now;
        BatchSize.Record(now, _iterationShape.Sequences);
        Running.Record(now, Prefilling.Count + DecodingCount);
        KvOccupancy.Record(now, _kv.Occupancy);
        QueueLength.Record(now, WaitingCount); // with what waits for the batch after the next, as at arrival
        ScheduleRunEvent();
    }

    /// <summary>At the end of the last timed step: the run's end, or the time to time its next chunk.</summary>
    private void ScheduleRunEvent()
        => Simulation.ScheduleAt(_stepEnds[_runSteps - 1], this, _runSteps < _runPlanned ? OpRunContinue : OpIterationDone, ++_iterationEpoch);

    /// <summary>
    /// The run reached the last step it has timed and nothing ended it: time its next chunk (the steps one timing of
    /// the whole run would give, to its time limit), place them on the run's clock and go on; or end it there.
    /// </summary>
    private void ContinueRun()
    {
        var k = _runSteps;
        if (k >= _runPlanned || _runFullEndNs >= _runLimitNs)
        {
            _runPlanned = k;
            FinishIteration();
            return;
        }

        var count = Math.Min(_runPlanned - k, _runChunk);
        _runChunk *= 2;
        var shape = _iterationShape;
        shape.AdvanceDecode(k);
        var maxRunNs = _runLimitNs == long.MaxValue ? long.MaxValue : _runLimitNs - _runFullEndNs;
        var timed = _timer.DecodeRunEnds(in shape, _stepEnds.AsSpan(k, count), _runFullEndNs, maxRunNs);
        if (timed < count)
        {
            _runPlanned = k + timed;
        }

        var steps = _stepEnds.AsSpan(k, timed);
        var fullEnd = steps[^1];
        if (_runStretched)
        {
            // As Launch stretched the first chunk: each step's full-clock duration times the run's factor.
            var previous = _runFullEndNs;
            var end = _stepEnds[k - 1];
            for (var j = 0; j < steps.Length; j++)
            {
                var planned = steps[j];
                var d = (long)Math.Round((planned - previous) * _runFactor);
                previous = planned;
                end += Math.Max(1, d);
                steps[j] = end;
            }
        }
        else if (_runShiftNs != 0)
        {
            for (var j = 0; j < steps.Length; j++)
            {
                steps[j] += _runShiftNs;
            }
        }

        _runFullEndNs = fullEnd;
        _runSteps = k + timed;
        ScheduleRunEvent();
    }

    /// <summary>Splits a finished run's busy time by its shares: the swap-in stall first (it does not scale with the step), the rest by part.</summary>
    private void AddParts(long busyNs)
    {
        var parts = _partNs!;
        var swap = Math.Min(_runSwapNs, busyNs);
        parts[^1] += swap;
        if (_runHasShares)
        {
            var rest = (double)(busyNs - swap);
            var shares = _partShares!;
            for (var i = 0; i < shares.Length; i++)
            {
                parts[i] += rest * shares[i];
            }
        }
    }

    /// <summary>Adds the compute and memory shares of the step just timed, weighted by its duration (see <see cref="IComputeBoundShare"/>).</summary>
    private static void AddShares(IComputeBoundShare? share, in BatchShape shape, long durationNs, ref double computeNs, ref double memoryNs)
    {
        if (share is null)
        {
            var f = shape.PrefillTokens > 0 ? 1 : 0;
            computeNs += f * durationNs;
            memoryNs += (1 - f) * durationNs;
            return;
        }

        computeNs += Math.Clamp(share.LastComputeBoundFraction, 0, 1) * durationNs;
        memoryNs += Math.Clamp(share.LastMemoryBoundFraction, 0, 1) * durationNs;
    }

    /// <summary>
    /// How many decode-only iterations can run back to back from here without anything to decide in
    /// between: nothing waits or prefills, the policy would plan the same again, and the run stops at
    /// the next completion and within the KV blocks available. 1 or less means a single iteration.
    /// </summary>
    private int PlanDecodeRun()
    {
        if (!_policy.RepeatsDecodeOnly || OneEventPerIteration || (Waiting.Count > 0 && _schedulerSteps == 1) || Prefilling.Count > 0
            || _builder.Chunks.Count > 0 || _stallNs > 0 || !_finish.TryPeek(out _, out var nextFinish))
        {
            return 1;
        }

        var steps = (int)Math.Clamp(nextFinish - _decodeSteps, 1, MaxRunSteps);
        if (Waiting.Count > 0)
        {
            steps = Math.Min(steps, _schedulerSteps - _roundPos); // someone waits: the run ends with the round
        }

        while (steps > 1 && _kv.BlocksNeededForSteps(steps) > _kv.AvailableBlocks)
        {
            steps /= 2;
        }

        return steps;
    }

    /// <summary>
    /// Tokens the local-attention layers skip over the decoding sequences, and how fast that grows, into
    /// <paramref name="shape"/>; returns the run's steps cut to where every sequence's skip stays linear (a window
    /// filling up, a chunk starting), so the run's closed form holds. O(decoding sequences), for such models only.
    /// </summary>
    private int AddSkipped(Performance.LocalAttention local, ref BatchShape shape, int runSteps)
    {
        long skipped = 0, growing = 0, piece = long.MaxValue;
        for (var r = _decHead; r is not null; r = r.DecNext)
        {
            var context = r.PromptTokens + r.Generated + (_decodeSteps - r.JoinStep);
            skipped += local.SkippedInLayer(context);
            growing += local.Grows(context) ? 1 : 0;
            piece = Math.Min(piece, local.StepsOnPiece(context));
        }

        shape.DecodeSkippedTokens = local.LayerShare * skipped;
        shape.DecodeSkippedGrowth = local.LayerShare * growing;
        return (int)Math.Min(runSteps, Math.Max(1, piece));
    }

    /// <summary>
    /// Work arrived during a decode run: ends the run where an arrival can join: at the end of the step in progress, or <paramref name="extra"/> steps
    /// later (an overlap scheduler's batch after the next).
    /// </summary>
    private void SplitRun(int extra = 0)
    {
        if (!_busy || _runPlanned <= 1)
        {
            return;
        }

        if (_held)
        {
            // Not started: just plan less (to the end of the scheduling round under multi-step scheduling).
            _runPlanned = Math.Min(_runPlanned, _schedulerSteps - _roundPos + extra);
            _runSteps = Math.Min(_runSteps, _runPlanned);
            return;
        }

        var now = Simulation.Now;
        var done = 0;
        while (done < _runSteps - 1 && _stepEnds[done] < now)
        {
            done++;
        }

        var steps = Math.Min(_runPlanned, done + 1 + extra);
        if (_schedulerSteps > 1)
        {
            // Multi-step scheduling: the arrival waits for the end of the round the step in progress belongs to.
            // (Past the steps timed so far, the continuation times the rest of the round and ends the run there.)
            steps = Math.Min(_runPlanned, steps + (_schedulerSteps - (_roundPos + steps) % _schedulerSteps) % _schedulerSteps);
        }

        _runPlanned = steps; // a continuation pending at the last timed step's end now ends the run there
        if (steps < _runSteps)
        {
            _runSteps = steps;
            Simulation.ScheduleAt(_stepEnds[steps - 1], this, OpIterationDone, ++_iterationEpoch);
        }
    }

    private void FinishIteration()
    {
        var now = Simulation.Now;
        _lastStepStartNs = _runSteps > 1 ? _stepEnds[_runSteps - 2] : _iterationStartNs;
        _busy = false;
        _finishing = true;
        BusyNs += now - _iterationStartNs;
        if (_partNs is not null)
        {
            AddParts(now - _iterationStartNs);
        }
        ClassBusy.Book(now - _iterationStartNs, _builder.Chunks, _iterationDecodes ? _runSteps : 0);
        Iterations += _runSteps;
        if (_schedulerSteps > 1)
        {
            // A prefill (or a step with no decodes) is a round of its own; decode steps advance the round.
            _roundPos = _builder.Chunks.Count > 0 || !_iterationDecodes ? 0 : (_roundPos + _runSteps) % _schedulerSteps;
        }

        var tracer = Tracer;
        if (tracer is not null && _runSteps == 1)
        {
            tracer.OnIteration(this, _iterationStartNs, now, in _iterationShape);
        }

        if (_iterationDecodes)
        {
            var steps = _runSteps;
            var stepShape = _iterationShape;

            // Up to a thousand steps per run: fields in locals, so the loop does not reload them at every step.
            var kv = _kv;
            var occupancy = KvOccupancy;
            var ends = _stepEnds;
            var reserves = _reserves;
            var owed = _owedBlocks;
            if (tracer is null && kv.TryBeginDecodeRun(steps, out var run))
            {
                // The common case, without the tracer's per-step work, with the blocks free: the KV cache takes each
                // step's blocks as the occupancy series records the occupancy after it (the same records as step by
                // step); the last step's is recorded at the run's end below. A reserving replica's debt falls by what
                // the steps took, as it does step by step (TensorRT-LLM's default admission reserves, so this is
                // most of its runs).
                var usedBefore = kv.UsedBlocks;
                occupancy.RecordRun(ends.AsSpan(0, steps - 1), ref run);
                run.Next();
                kv.EndDecodeRun(in run, steps);
                if (reserves)
                {
                    owed -= kv.UsedBlocks - usedBefore;
                }
            }
            else if (tracer is null && !reserves)
            {
                // Eviction on the way (rare): the cache steps one at a time, then the series records.
                Span<double> after = stackalloc double[steps];
                kv.DecodeSteps(after);
                occupancy.RecordRun(ends.AsSpan(0, steps - 1), after[..(steps - 1)]);
            }
            else
            {
                for (var j = 0; j < steps; j++)
                {
                    if (tracer is not null && steps > 1)
                    {
                        // A decode run as the tracer would have seen it step by step: each step starts where
                        // the last ended, every sequence's context one token longer, the cache as before the step.
                        _owedBlocks = owed; // the tracer sees the replica as it is at this step
                        tracer.OnIteration(this, j == 0 ? _iterationStartNs : ends[j - 1], ends[j], in stepShape);
                        stepShape.AdvanceDecode(1);
                    }

                    if (reserves)
                    {
                        owed -= kv.BlocksNeededForDecodeStep;
                    }

                    if (!kv.TryDecodeStep())
                    {
                        _owedBlocks = owed;
                        throw new InvalidOperationException("a decode run took more KV blocks than it checked for");
                    }

                    if (j < steps - 1)
                    {
                        // The cache grows inside a run: one sample per step (O(1)), or the mean reads low.
                        occupancy.Record(ends[j], kv.Occupancy);
                    }
                }
            }

            _owedBlocks = owed;

            _decodeSteps += steps;
            _decodeContextSum += (long)steps * DecodeTokens;
            _lastDecodeEndNs = now;
            if (steps == 1)
            {
                _gaps.StepAll(now, _observer);
            }
            else
            {
                _gaps.StepRun(_stepEnds, steps, _observer);
            }

            while (_finish.TryPeek(out var entry, out var step) && step <= _decodeSteps)
            {
                _finish.Dequeue();
                var r = entry.Request;
                if (r.Epoch == entry.Epoch && r.State == RequestState.Decoding)
                {
                    CompleteFromDecode(r);
                }
            }
        }

        // Copy: completing a prefill may start work that reuses the builder.
        _completedChunks.Clear();
        foreach (var r in _builder.Chunks)
        {
            Prefilling.Computed(r, Math.Min(r.ChunkInFlight, r.PrefillTarget - r.PrefillDone));
            r.ChunkInFlight = 0;
            if (r.PrefillDone >= r.PrefillTarget)
            {
                _completedChunks.Add(r);
            }
        }

        foreach (var r in _completedChunks)
        {
            Prefilling.Remove(r);
            OnPrefillComplete(r);
        }

        BatchSize.Record(now, 0);
        Running.Record(now, Prefilling.Count + DecodingCount);
        KvOccupancy.Record(now, _kv.Occupancy);
        _finishing = false;
        if (_aheadQueue.Count == 0)
        {
            TryStart();
            return;
        }

        // An overlap scheduler formed this next batch when the last step began: what arrived by then joins it, what came
        // later the one after (the new run ends after one step for it), or this one if there is nothing else to run.
        ReleaseAhead(_lastStepStartNs);
        TryStart();
        if (_aheadQueue.Count > 0)
        {
            if (_busy)
            {
                SplitRun();
            }
            else
            {
                ReleaseAhead(long.MaxValue);
                TryStart();
            }
        }
    }

    /// <summary>Moves what waits for the batch after the next and arrived by <paramref name="limitNs"/> to the waiting queue, in arrival order.</summary>
    private void ReleaseAhead(long limitNs)
    {
        var released = 0;
        while (released < _aheadQueue.Count && _aheadQueue[released].AtNs <= limitNs)
        {
            Waiting.PushBack(_aheadQueue[released].Request);
            released++;
        }

        _aheadQueue.RemoveRange(0, released);
    }

    private void OnPrefillComplete(TextRequest r)
    {
        var now = Simulation.Now;
        r.Generated++;
        if (r.FirstTokenNs < 0)
        {
            r.FirstTokenNs = now;
            _observer.OnFirstToken(r);
        }
        else
        {
            _observer.OnGaps(r.ClassIndex, now, now - r.LastTokenNs, 1); // the stall of a recompute
        }

        r.LastTokenNs = now;
        if (r.Generated >= r.OutputTokens)
        {
            PayOffReservation(r);
            _kv.Free(r.Kv);
            r.HasKv = false;
            Complete(r);
        }
        else if (Config.Role == ReplicaRole.Prefill)
        {
            r.State = RequestState.Transferring;
            _observer.OnPrefillHandoff(this, r);
        }
        else
        {
            JoinDecode(r);
        }
    }

    private void JoinDecode(TextRequest r)
    {
        _kv.StartDecoding(r.Kv);
        r.State = RequestState.Decoding;
        r.JoinStep = _decodeSteps;
        r.Epoch++;
        _finish.Enqueue((r, r.Epoch), _decodeSteps + (r.OutputTokens - r.Generated));
        r.DecPrev = _decTail;
        r.DecNext = null;
        if (_decTail is null)
        {
            _decHead = r;
        }
        else
        {
            _decTail.DecNext = r;
        }

        _decTail = r;
        DecodingCount++;
        // Each beam of a beam-search request attends over its whole context; a step reads the prompt's KV they share once a
        // beam, or once for all of them with a cascade kernel (ReplicaConfig.BeamPromptReadOnce, the compiler's note).
        var beams = r.BeamWidth;
        DecodeTokens += beams;
        ClassBusy.JoinDecode(r.ClassIndex, beams);
        var (read, shared) = BeamContext(r.PromptTokens, r.Generated, beams);
        _decodeContextSum += read;
        _decodeSharedPairs += shared;
        _gaps.Add(r.ClassIndex, r.LastTokenNs, +1);
    }

    /// <summary>
    /// The context tokens a decoding request's beams read each step, and the attention pairs beyond them (the shared
    /// prompt's, read once but attended by every beam). One beam: its context, and none.
    /// </summary>
    private (long Read, long Shared) BeamContext(int promptTokens, int generated, int beams)
        => beams == 1 || !Config.BeamPromptReadOnce
            ? ((long)beams * (promptTokens + generated), 0)
            : (promptTokens + ((long)beams * generated), (long)(beams - 1) * promptTokens);

    /// <summary>Take a sequence out of the decode group, bringing its derived counters up to date.</summary>
    private void LeaveDecode(TextRequest r)
    {
        var generated = r.Generated + (int)(_decodeSteps - r.JoinStep);
        var lastToken = _decodeSteps > r.JoinStep ? _lastDecodeEndNs : r.LastTokenNs;
        _gaps.Add(r.ClassIndex, lastToken, -1);
        var beams = r.BeamWidth;
        var (read, shared) = BeamContext(r.PromptTokens, generated, beams);
        _decodeContextSum -= read;
        _decodeSharedPairs -= shared;
        r.Generated = generated;
        r.LastTokenNs = lastToken;
        r.Epoch++;

        if (r.DecPrev is null)
        {
            _decHead = r.DecNext;
        }
        else
        {
            r.DecPrev.DecNext = r.DecNext;
        }

        if (r.DecNext is null)
        {
            _decTail = r.DecPrev;
        }
        else
        {
            r.DecNext.DecPrev = r.DecPrev;
        }

        r.DecPrev = r.DecNext = null;
        DecodingCount--;
        DecodeTokens -= beams;
        ClassBusy.LeaveDecode(r.ClassIndex, beams);
    }

    private void CompleteFromDecode(TextRequest r)
    {
        LeaveDecode(r);
        PayOffReservation(r);
        _kv.Free(r.Kv);
        r.HasKv = false;
        Complete(r);
    }

    /// <summary>
    /// Decode ran out of KV blocks: evict the most recently joined sequence (vLLM's choice) by
    /// recompute or swap, and put it back at the head of the queue.
    /// </summary>
    private void PreemptYoungest()
    {
        var victim = _decTail ?? throw new InvalidOperationException("decode needs blocks but no sequence can be preempted");
        LeaveDecode(victim);
        PayOffReservation(victim);
        if (Config.Preemption == PreemptionMode.Swap && victim.BeamWidth == 1)
        {
            // A beam-search request is recomputed instead: its swapped-in blocks would come back as one sequence's.
            var swap = _kv.SwapOut(victim.Kv, _bytesPerBlock);
            _stallNs += TransferNs(swap.Bytes, Config.SwapBytesPerSecond);
            victim.Swapped = true;
            victim.ResumeDecode = true;
        }
        else
        {
            _kv.Free(victim.Kv);
        }

        victim.HasKv = false;
        victim.State = RequestState.Waiting;
        victim.Preemptions++;
        Preemptions++;
        Tracer?.OnPreemption(this, victim, Simulation.Now);
        Waiting.PushFront(victim);
    }

    private void Complete(TextRequest r)
    {
        r.State = RequestState.Completed;
        r.CompletedNs = Simulation.Now;
        Leave(r);
        _observer.OnCompleted(r);
    }

    /// <summary>A reserving request lets go of its KV: what it still owed is no longer owed. Call before freeing.</summary>
    private void PayOffReservation(TextRequest r)
    {
        if (r.ReservedBlocks == 0)
        {
            return;
        }

        _owedBlocks -= Math.Max(0, r.ReservedBlocks - _kv.BlocksHeld(r.Kv));
        r.ReservedBlocks = 0;
    }

    private void Leave(TextRequest r)
    {
        if (Outstanding-- == Config.MaxSequences)
        {
            RoomChanged?.Invoke(this, true);
        }

        OutstandingTokens -= r.PromptTokens + ((long)r.BeamWidth * r.OutputTokens);
        LoadChanged?.Invoke(this);
    }

    private static long TransferNs(long bytes, double bytesPerSecond)
        => bytes <= 0 ? 0 : SimTime.FromSeconds(bytes / bytesPerSecond);
}

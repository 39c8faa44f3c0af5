using ClusterSim.Engine.Core;
using ClusterSim.Model.Facility;
using ClusterSim.Model.Serving.Kinds;
using ClusterSim.Model.Serving.Scheduling;

namespace ClusterSim.Model.Serving.Video;

/// <summary>
/// One video-generation replica (a DiT over its sequence-parallel group). Each iteration runs one denoising step for a
/// batch of same-shaped requests. Text encoding and VAE decoding are not part of the shared step: a request finishing
/// its last step leaves the batch and queues for the replica's decode stage (one accelerator, first come first served),
/// so the other members step on without waiting for it, and it completes when its decode ends. A request joining a
/// batch that is already running has its prompts encoded on that stage alongside the running step; a batch of only new
/// requests encodes first (nothing else could run). Between iterations the waiting-queue discipline decides again
/// (preemption between steps), or, without preemption, the batch runs on and same-shaped requests at the head of the
/// queue join it.
/// </summary>
/// <remarks>
/// <para>The stage is a separate resource, as in engines that give the VAE its own stage (xDiT, SGLang diffusion's
/// pipeline stages); contention between a decode and the DiT on a shared GPU is not modelled. Its time is charged to
/// the request and to its class at one accelerator (<see cref="StepReplica{TRequest}.AcceleratorSecondsByClass"/>, so
/// a pool's cost split by busy time includes it) and counted in <see cref="StageBusySeconds"/>.</para>
/// <para>Power: the stage books its work with the replica's power hook through the replica (background work of
/// <see cref="StepReplica{TRequest}"/>): while no DiT step runs, the replica is busy on one of its k accelerators at
/// the stage's activity (compute-bound, <see cref="VideoCostModel.StageComputeShare"/>) with the other k - 1 idle;
/// while a step runs the step's activity stands. A decode runs in pieces of at most the hook's
/// <see cref="IReplicaPower.MaxRunNs"/>, each at the clock granted when it starts (the running step's, else the hook's),
/// stretched by <see cref="ClockScaling.TimeFactor"/>; a cap that cannot fit it holds it until the hook retries the
/// replica or a step launches. Without a hook a decode is one piece at full clock.</para>
/// <para>Utilization (<see cref="Cluster.ReplicaStats.Utilization"/>) counts the DiT steps' time only, when all k accelerators
/// work; the stage's one-accelerator seconds are in <see cref="StageBusySeconds"/>.</para>
/// </remarks>
public sealed class VideoReplica : StepReplica<VideoRequest>
{
    private readonly VideoCostModel _cost;
    private readonly DecodeStage _stage;

    internal VideoReplica(Simulation simulation, int index, VideoPoolSetup pool, IReadOnlyList<ClassSchedule> classes, Action<VideoReplica, VideoRequest> completed)
        : this(simulation, index, pool, classes, completed, new DecodeStage(simulation, pool.Cost))
    {
    }

    private VideoReplica(Simulation simulation, int index, VideoPoolSetup pool, IReadOnlyList<ClassSchedule> classes, Action<VideoReplica, VideoRequest> completed,
        DecodeStage stage)
        : base(simulation, index, pool, classes, QueueItemOf(pool.Cost, pool.PreemptBetweenSteps), pool.PreemptBetweenSteps,
            (replica, r) => stage.Submit(r))
    {
        Pool = pool;
        _cost = pool.Cost;
        _stage = stage;
        stage.Owner = this;
        stage.Done = r => completed(this, r);
    }

    public VideoPoolSetup Pool { get; }

    public override int Accelerators => _cost.Accelerators;

    /// <summary>Seconds of iterations spent in sequence-parallel all-to-alls.</summary>
    public double AllToAllSeconds { get; private set; }

    /// <summary>Seconds the decode stage spent encoding prompts and decoding videos (one accelerator).</summary>
    public double StageBusySeconds => _stage.BusySeconds;

    protected override string Role => "video";

    protected override bool SameShape(VideoRequest a, VideoRequest b) => a.Shape == b.Shape;

    protected override StepPlan PlanStep(IReadOnlyList<VideoRequest> batch, List<double> shares)
    {
        var step = _cost.Step(batch[0].Shape, batch.Count);
        var perMember = step.Seconds / batch.Count;
        var joining = batch.Any(r => r.Encoded);
        var total = 0.0;
        foreach (var r in batch)
        {
            var own = perMember;
            if (!r.Encoded)
            {
                if (joining)
                {
                    // Encoded on the stage while the running members step: not in this step's time.
                    _stage.Charge(r, _cost.EncodeSeconds);
                }
                else
                {
                    own += _cost.EncodeSeconds;
                }
            }

            shares.Add(own);
            total += own;
        }

        AllToAllSeconds += step.AllToAllSeconds;

        // GEMMs, attention and the text encoder run at the accelerator's clock, so they stretch under a lowered clock;
        // the communication and the memory-bound element-wise kernels do not. The power phase is 1.
        var fixedSeconds = step.AllToAllSeconds + step.MemorySeconds;
        return new StepPlan(total, 1, total > 0 ? Math.Clamp((total - fixedSeconds) / total, 0, 1) : 1);
    }

    protected override void ResumeBackground() => _stage.Pump();

    // Fair sharing charges per take: one step when the discipline decides at every step, the
    // whole request when a batch runs to its end. Shortest first ranks by remaining work.
    private static Func<VideoRequest, QueueItem> QueueItemOf(VideoCostModel cost, bool preempt) => r =>
    {
        var step = cost.Step(r.Shape).Flops;
        var remaining = (r.Steps - r.StepsDone) * step + cost.DecodeFlops(r.Shape);
        return new QueueItem(r.ClassIndex, r.ArrivalNs, r.Id, remaining, preempt ? step : remaining);
    };

    /// <summary>The replica's VAE stage: decodes finished latents one at a time on one accelerator.</summary>
    private sealed class DecodeStage(Simulation simulation, VideoCostModel cost) : IEventHandler
    {
        private readonly Queue<VideoRequest> _waiting = new();
        private VideoRequest? _current;

        // The current decode's full-clock seconds still to run, and the running piece's: its full-clock work, its
        // wall seconds, whether it ends the decode.
        private double _remaining;
        private double _pieceWork;
        private double _pieceSeconds;
        private bool _pieceEnds;
        private bool _running;

        public VideoReplica Owner { get; set; } = null!;

        public Action<VideoRequest> Done { get; set; } = _ => { };

        public double BusySeconds { get; private set; }

        /// <summary>Time spent on the stage for <paramref name="r"/> outside the decode queue (a joiner's encoding).</summary>
        public void Charge(VideoRequest r, double seconds)
        {
            Owner.ChargeBackground(r, seconds);
            BusySeconds += seconds;
        }

        public void Submit(VideoRequest r)
        {
            _waiting.Enqueue(r);
            Pump();
        }

        /// <summary>Runs the next piece of work unless one runs or a cap holds it; idles the stage when there is none.</summary>
        public void Pump()
        {
            if (_running)
            {
                return;
            }

            if (_current is null)
            {
                if (_waiting.Count == 0)
                {
                    Owner.BackgroundIdle();
                    return;
                }

                _current = _waiting.Dequeue();
                _remaining = cost.DecodeSeconds(_current.Shape);
            }

            var share = cost.StageComputeShare;
            if (!Owner.TryRunBackground(share, 1 - share, 1, out var clock))
            {
                return; // held by a cap: the replica pumps again when it may run
            }

            var factor = clock < 1 ? ClockScaling.TimeFactor(share, clock) : 1;
            var ns = Math.Max(1, (long)Math.Ceiling(_remaining * factor * 1e9));
            var limit = Owner.Power?.MaxRunNs ?? long.MaxValue;
            _pieceEnds = ns <= limit;
            if (!_pieceEnds)
            {
                // A piece takes its clock at its start; cut it so that a cap or throttle reaches the decode in time.
                ns = limit;
            }

            _pieceSeconds = SimTime.ToSeconds(ns);
            _pieceWork = _pieceEnds ? _remaining : _pieceSeconds / factor;
            _running = true;
            simulation.Schedule(ns, this);
        }

        public void OnEvent(int opcode, int arg)
        {
            _running = false;
            var r = _current!;
            Charge(r, _pieceSeconds);
            if (!_pieceEnds)
            {
                _remaining -= _pieceWork;
                Pump();
                return;
            }

            _current = null;
            r.CompletedNs = simulation.Now;
            Pump();
            Done(r);
        }
    }
}

using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving.Kinds;
using ClusterSim.Model.Serving.Scheduling;

namespace ClusterSim.Model.Serving.Video;

/// <summary>
/// One video-generation replica (a DiT over its sequence-parallel group). Each iteration runs one
/// denoising step for a batch of same-shaped requests; a request joining runs its text encoding
/// first and a request finishing its last step runs its VAE decoding after, within that
/// iteration. Between iterations the waiting-queue discipline decides again (preemption between
/// steps), or, without preemption, the batch runs on and same-shaped requests at the head of the
/// queue join it.
/// </summary>
public sealed class VideoReplica : StepReplica<VideoRequest>
{
    private readonly VideoCostModel _cost;

    internal VideoReplica(Simulation simulation, int index, VideoPoolSetup pool, IReadOnlyList<ClassSchedule> classes, Action<VideoReplica, VideoRequest> completed)
        : base(simulation, index, pool, classes, QueueItemOf(pool.Cost, pool.PreemptBetweenSteps), pool.PreemptBetweenSteps,
            (replica, r) => completed((VideoReplica)replica, r))
    {
        Pool = pool;
        _cost = pool.Cost;
    }

    public VideoPoolSetup Pool { get; }

    public override int Accelerators => _cost.Accelerators;

    /// <summary>Seconds of iterations spent in sequence-parallel all-to-alls.</summary>
    public double AllToAllSeconds { get; private set; }

    protected override string Role => "video";

    protected override bool SameShape(VideoRequest a, VideoRequest b) => a.Shape == b.Shape;

    protected override StepPlan PlanStep(IReadOnlyList<VideoRequest> batch, List<double> shares)
    {
        var step = _cost.Step(batch[0].Shape, batch.Count);
        var perMember = step.Seconds / batch.Count;
        var total = 0.0;
        foreach (var r in batch)
        {
            var own = perMember;
            if (!r.Encoded)
            {
                own += _cost.EncodeSeconds;
            }

            if (r.StepsDone + 1 == r.Steps)
            {
                own += _cost.DecodeSeconds(r.Shape);
            }

            shares.Add(own);
            total += own;
        }

        AllToAllSeconds += step.AllToAllSeconds;

        // GEMMs, attention, the text encoder and the VAE run at the accelerator's clock, so they stretch under a
        // lowered clock; the communication and the memory-bound element-wise kernels do not. The power phase is 1.
        var fixedSeconds = step.AllToAllSeconds + step.MemorySeconds;
        return new StepPlan(total, 1, total > 0 ? Math.Clamp((total - fixedSeconds) / total, 0, 1) : 1);
    }

    // Fair sharing charges per take: one step when the discipline decides at every step, the
    // whole request when a batch runs to its end. Shortest first ranks by remaining work.
    private static Func<VideoRequest, QueueItem> QueueItemOf(VideoCostModel cost, bool preempt) => r =>
    {
        var step = cost.Step(r.Shape).Flops;
        var remaining = (r.Steps - r.StepsDone) * step + cost.DecodeFlops(r.Shape);
        return new QueueItem(r.ClassIndex, r.ArrivalNs, r.Id, remaining, preempt ? step : remaining);
    };
}

using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving.Kinds;
using ClusterSim.Model.Serving.Scheduling;

namespace ClusterSim.Model.Serving.Image;

/// <summary>
/// One image-generation replica (one accelerator). Each iteration runs one denoising step for a batch of
/// same-shaped requests, back to back; a request joining runs its text encoding in its first step and a request
/// finishing its last step runs its VAE decoding in that iteration. Between steps, same-shaped requests at the head
/// of the waiting queue join the batch up to its limit; the batch is never broken up (a step is short).
/// </summary>
public sealed class ImageReplica : StepReplica<ImageRequest>
{
    private readonly ImageCostModel _cost;

    internal ImageReplica(Simulation simulation, int index, ImagePoolSetup pool, IReadOnlyList<ClassSchedule> classes, Action<ImageReplica, ImageRequest> completed)
        : base(simulation, index, pool, classes, QueueItemOf(pool.Cost), false, (replica, r) => completed((ImageReplica)replica, r))
    {
        Pool = pool;
        _cost = pool.Cost;
    }

    public ImagePoolSetup Pool { get; }

    public override int Accelerators => 1;

    protected override string Role => "image";

    protected override bool SameShape(ImageRequest a, ImageRequest b) => a.Shape == b.Shape;

    /// <summary>Images in the running batch.</summary>
    protected override int BatchUnits(IReadOnlyList<ImageRequest> batch)
    {
        var images = 0;
        foreach (var r in batch)
        {
            images += r.Images;
        }

        return images;
    }

    protected override StepPlan PlanStep(IReadOnlyList<ImageRequest> batch, List<double> shares)
    {
        var shape = batch[0].Shape;
        var images = BatchUnits(batch);
        var step = _cost.Step(shape, images);
        var extra = 0.0;
        foreach (var r in batch)
        {
            // The batch's step is shared by images; encoding and decoding are each request's own (compute-bound).
            var own = step.Seconds * r.Images / images;
            if (!r.Encoded)
            {
                own += _cost.EncodeSeconds;
                extra += _cost.EncodeSeconds;
            }

            if (r.StepsDone + 1 == shape.Steps)
            {
                own += r.Images * _cost.DecodeSeconds(shape);
                extra += r.Images * _cost.DecodeSeconds(shape);
            }

            shares.Add(own);
        }

        // A lowered clock stretches the compute-bound part of the step; weight reads keep their time.
        var planned = step.Seconds + extra;
        var computeShare = planned > 0 ? (step.Seconds * step.ComputeBoundFraction + extra) / planned : 1;
        return new StepPlan(planned, computeShare, computeShare);
    }

    private static Func<ImageRequest, QueueItem> QueueItemOf(ImageCostModel cost) => r =>
    {
        var work = r.Shape.Steps * cost.Step(r.Shape, r.Images).Flops;
        return new QueueItem(r.ClassIndex, r.ArrivalNs, r.Id, work, work);
    };
}

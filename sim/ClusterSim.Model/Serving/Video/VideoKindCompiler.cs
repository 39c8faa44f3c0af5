using System.Globalization;
using ClusterSim.Model.Serving.Kinds;
using ClusterSim.Model.Setup.Kinds;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Serving.Video;

/// <summary>Compiles a scenario's video deployments into pools (with their cost model) and its video workloads into classes.</summary>
internal sealed class VideoKindCompiler : IKindCompiler
{
    public string WorkloadKind => VideoKindSetup.KindName;

    public string ModelKind => "video";

    public IKindBuilder Begin(KindCompileContext context) => new Builder(context);

    private sealed class Builder(KindCompileContext ctx)
        : KindBuilder<VideoClassSetup, VideoPoolSetup>((classes, pools) => new VideoKindSetup(classes, pools))
    {
        public override void AddPool(DeploymentSpec d)
        {
            var scenario = ctx.Scenario;
            var notes = ctx.Notes;
            var model = (VideoModelSpec)scenario.Model(d.Model);
            if (d.Pp > 1)
            {
                throw new NotSupportedException($"deployment '{d.Name}': pipeline parallelism of a video DiT is not modelled; spread a video with tp (the sequence-parallel degree)");
            }

            var (accelerator, nodes, eff) = ctx.Placement(d);
            var video = ToVideoModel(model);
            VideoEfficiencyEntry kernels;
            try
            {
                kernels = VideoEfficiencyCatalog.Default.Resolve(accelerator.Key, video.AttentionStack,
                    key => scenario.Hardware.Accelerators.FirstOrDefault(a => a.Key == key) ?? Catalog.Default.FindAccelerator(key));
            }
            catch (ArgumentException e)
            {
                throw new NotSupportedException($"deployment '{d.Name}': {e.Message}", e);
            }

            notes.Add(kernels.Derivation.Length > 0
                ? $"deployment '{d.Name}': video kernels: {kernels.Derivation}"
                : string.Create(CultureInfo.InvariantCulture,
                    $"deployment '{d.Name}': video kernels from {accelerator.Key}/{video.AttentionStack} (efficiency-video.yaml): GEMM {kernels.GemmEfficiency:G3}, attention {kernels.AttentionEfficiency:G3}, memory {kernels.MemoryEfficiency:G3} of peak, VAE {kernels.VaeEfficiency:G3} of {kernels.VaePeakTflops:G4} TFLOP/s; links from the text stack's entry {eff.Accelerator}/{eff.Stack}"));
            var split = video.Guidance == VideoGuidance.Split;
            if (split && d.Tp % 2 != 0)
            {
                throw new NotSupportedException($"deployment '{d.Name}': guidance split across GPUs needs an even tp (two halves), got {d.Tp}");
            }

            var cost = new VideoCostModel(video, ctx.ToAccelerator(accelerator, nodes), model.WeightPrecision, kernels, eff,
                sequenceParallel: split ? d.Tp / 2 : d.Tp, acceleratorsPerNode: nodes.PerNode)
            {
                TimeScale = ctx.StepScale(d),
            };
            notes.AddRange(cost.Notes.Select(n => $"deployment '{d.Name}': {n}"));

            var (maxBatch, requestLevel, maxWaitNs) = ctx.StepBatching(d, 1);

            // A pool that re-decides its batch between steps (preemption) lets requests join there under any policy.
            var preempt = d.Policies.Preemption.Name != "none";
            if (requestLevel && preempt && maxBatch > 1)
            {
                notes.Add($"deployment '{d.Name}': its {d.Policies.Batching.Name} batches are re-decided between denoising steps, as the pool may preempt there (policies.preemption {d.Policies.Preemption.Name}); policies.preemption none keeps each batch whole");
            }

            requestLevel &= !preempt;
            var admission = d.Policies.Admission;
            var maxQueue = admission.Name == "queue_limit" ? (int)admission.GetDouble("max_queue", int.MaxValue) : int.MaxValue;
            if (admission.Name is not ("none" or "queue_limit"))
            {
                notes.Add($"deployment '{d.Name}': admission '{admission.Name}' is not applied to video requests (queue_limit is)");
            }

            var rent = accelerator.RentUsdPerHour ?? 0;
            if (accelerator.RentUsdPerHour is null)
            {
                notes.Add($"deployment '{d.Name}': {accelerator.Key} has no rent_usd_per_hour, so the cost per second of video reads 0");
            }

            var shape = cost.Model.Shape(model.DefaultResolution.Width, model.DefaultResolution.Height, model.DefaultFrames ?? 1);
            var step = cost.Step(shape);
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"deployment '{d.Name}': Ulysses sequence parallel over {cost.SequenceParallel} x {accelerator.Key}, guidance {video.Guidance.ToString().ToLowerInvariant()}; at {shape.Width}x{shape.Height}, {shape.Frames} frames ({shape.Tokens:N0} latent tokens) a denoising step takes {step.Seconds:F2} s ({step.Flops / 1e15:F2} PFLOP, all-to-all {step.AllToAllSeconds * 1e3:F0} ms), VAE decoding {cost.DecodeSeconds(shape):F1} s; ") + KindCompileContext.DescribeBatching(Math.Max(1, maxBatch), requestLevel, maxWaitNs));

            Pools.Add(new VideoPoolSetup(d.Name, d.Replicas, cost)
            {
                MaxBatch = Math.Max(1, maxBatch),
                RequestLevel = requestLevel,
                MaxWaitNs = maxWaitNs,
                Scheduling = ctx.Scheduling(d),
                PreemptBetweenSteps = preempt,
                MaxQueue = Math.Max(1, maxQueue),
                RentUsdPerAcceleratorHour = rent,
                Autoscaling = ctx.Autoscaling(d, "video"),
            });
        }

        public override void AddClass(WorkloadSpec workload)
        {
            var w = (VideoWorkloadSpec)workload;
            var endNs = ctx.EndNs;
            var frames = w.Frames is { } f ? ctx.Size(f) : ctx.Size(w.Seconds!, w.Fps);
            Classes.Add(new VideoClassSetup(w.Name,
                sim => new SyntheticVideoSource(ctx.Arrivals(w.Arrival, w.Name), frames, w.Resolution.Width, w.Resolution.Height, w.Steps, w.Fps,
                    sim.Random["arrivals/" + w.Name], sim.Random["sizes/" + w.Name], endNs),
                w.Slo.DeadlineSeconds, w.Slo.Percentile, w.Priority)
            {
                Pools = w.Deployments,
                Weight = ctx.FairWeight(w),
                Width = w.Resolution.Width,
                Height = w.Resolution.Height,
                Steps = w.Steps,
                MeanFrames = frames.Mean,
            });
        }
    }

    internal static VideoModel ToVideoModel(VideoModelSpec m) => new()
    {
        Key = m.Key,
        ParamsB = m.ParamsB,
        Layers = m.Layers,
        HiddenSize = m.HiddenSize,
        Heads = m.Heads,
        Patch = (m.Patch[0], m.Patch[1], m.Patch[2]),
        VaeCompression = (m.VaeCompression[0], m.VaeCompression[1], m.VaeCompression[2]),
        TextEncoderParamsB = m.TextEncoderParamsB,
        VaeDecodeGflopsPerFrame = m.VaeDecodeGflopsPerFrame,
        DefaultWidth = m.DefaultResolution.Width,
        DefaultHeight = m.DefaultResolution.Height,
        GuidancePasses = Math.Max(1, m.GuidancePasses),
        TextLen = m.TextLen,
        LatentChannels = m.LatentChannels,
        Attention = m.Attention == "joint" ? VideoAttention.Joint : VideoAttention.Cross,
        Guidance = m.Guidance switch { "batch" => VideoGuidance.Batch, "split" => VideoGuidance.Split, _ => VideoGuidance.Sequential },
        ElementwiseBytesPerElement = m.ElementwiseBytesPerElement,
        AttentionStack = m.AttentionStack,
    };
}

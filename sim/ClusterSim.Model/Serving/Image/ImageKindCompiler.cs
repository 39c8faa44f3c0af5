using System.Globalization;
using ClusterSim.Model.Serving.Kinds;
using ClusterSim.Model.Setup.Kinds;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Serving.Image;

/// <summary>Compiles a scenario's image deployments into pools (with their roofline cost model) and its image workloads into classes.</summary>
internal sealed class ImageKindCompiler : IKindCompiler
{
    public string WorkloadKind => ImageKindSetup.KindName;

    public string ModelKind => "image";

    public IKindBuilder Begin(KindCompileContext context) => new Builder(context);

    internal static ImageModel ToImageModel(ImageModelSpec m) => new()
    {
        Key = m.Key,
        IsDit = m.Architecture == "dit",
        ParamsB = m.ParamsB,
        TokenParamsB = m.TokenParamsB,
        DefaultWidth = m.DefaultResolution.Width,
        DefaultHeight = m.DefaultResolution.Height,
        LatentDownsample = m.LatentDownsample,
        Patch = m.Patch,
        UnetGflopsPerStep = m.UnetGflopsPerStep,
        Layers = m.Layers,
        HiddenSize = m.HiddenSize,
        TextTokens = m.TextTokens,
        TextEncoderParamsB = m.TextEncoderParamsB,
        VaeDecodeGflops = m.VaeDecodeGflops,
    };

    private sealed class Builder(KindCompileContext ctx)
        : KindBuilder<ImageClassSetup, ImagePoolSetup>((classes, pools) => new ImageKindSetup(classes, pools))
    {
        public override void AddPool(DeploymentSpec d)
        {
            var model = (ImageModelSpec)ctx.Scenario.Model(d.Model);
            var (accelerator, nodes, eff) = ctx.Placement(d);
            ImageEfficiencyEntry kernels;
            try
            {
                kernels = ImageEfficiencyCatalog.Default.Resolve(accelerator.Key, model.Stack,
                    key => ctx.Scenario.Hardware.Accelerators.FirstOrDefault(a => a.Key == key) ?? Catalog.Default.FindAccelerator(key));
            }
            catch (ArgumentException e)
            {
                throw new NotSupportedException($"deployment '{d.Name}': {e.Message}", e);
            }

            var unet = model.Architecture == "unet";
            ctx.Notes.Add(kernels.Derivation.Length > 0
                ? $"deployment '{d.Name}': image kernels: {kernels.Derivation}"
                : string.Create(CultureInfo.InvariantCulture,
                    $"deployment '{d.Name}': image kernels from {accelerator.Key}/{model.Stack} (efficiency-image.yaml, fitted on {kernels.FittedOn}): {(unet ? $"UNet {kernels.UnetEfficiency:G3} and " : "")}VAE {kernels.VaeEfficiency:G3} of the dense peak at {model.WeightPrecision.Key()}"));
            if (kernels.Precision is { } measuredAt && measuredAt != model.WeightPrecision.Key())
            {
                ctx.Notes.Add($"deployment '{d.Name}': the image shares were measured at {measuredAt}; at {model.WeightPrecision.Key()} the same share of that precision's peak is ASSUMED (the MLPerf SDXL rows check it at fp8 and int8)");
            }
            if (!unet)
            {
                ctx.Notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"deployment '{d.Name}': '{model.Key}' is a diffusion transformer, and no kernel measurement of one was found: its steps run at the text stack's compute efficiency ({eff.Accelerator}/{eff.Stack}, {eff.ComputeEfficiency:G3} of peak), as a compiled engine's GEMM-bound steps might"));
            }

            var cost = new ImageCostModel(ToImageModel(model), ctx.ToAccelerator(accelerator, nodes), model.WeightPrecision, eff, kernels)
            {
                TimeScale = ctx.StepScale(d),
            };
            ctx.Notes.AddRange(cost.Notes.Select(n => $"deployment '{d.Name}': {n}"));

            // Batch limit from the batching policy's max_batch where it has one, else the deployment's max_batch.
            var (maxBatch, requestLevel, maxWaitNs) = ctx.StepBatching(d, d.MaxBatch);
            var admission = d.Policies.Admission;
            var maxQueue = admission.Name == "queue_limit" ? (int)admission.GetDouble("max_queue", int.MaxValue) : int.MaxValue;
            if (admission.Name is not ("none" or "queue_limit"))
            {
                ctx.Notes.Add($"deployment '{d.Name}': admission '{admission.Name}' is not applied to image requests (queue_limit is)");
            }

            if (accelerator.RentUsdPerHour is null)
            {
                ctx.Notes.Add($"deployment '{d.Name}': {accelerator.Key} has no rent_usd_per_hour, so the cost per image reads 0");
            }

            var shape = new Image.ImageShape(model.DefaultResolution.Width, model.DefaultResolution.Height, model.DefaultSteps, model.Cfg ? 2 : 1);
            var step = cost.Step(shape);
            ctx.Notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"deployment '{d.Name}': at {shape.Width}x{shape.Height}{(model.Cfg ? " with classifier-free guidance" : "")} a denoising step of one image takes {step.Seconds * 1e3:F1} ms on {accelerator.Key} ({step.Flops / 1e12:F2} TFLOP, {(step.ComputeSeconds >= step.MemorySeconds ? "compute" : "memory")}-bound), VAE decoding {cost.DecodeSeconds(shape) * 1e3:F1} ms, so {shape.Steps} steps take {cost.RequestSeconds(shape):F2} s alone; ") + KindCompileContext.DescribeBatching(Math.Max(1, maxBatch), requestLevel, maxWaitNs));

            Pools.Add(new ImagePoolSetup(d.Name, d.Replicas, cost)
            {
                MaxBatch = Math.Max(1, maxBatch),
                RequestLevel = requestLevel,
                MaxWaitNs = maxWaitNs,
                Scheduling = ctx.Scheduling(d),
                MaxQueue = Math.Max(1, maxQueue),
                RentUsdPerAcceleratorHour = accelerator.RentUsdPerHour ?? 0,
                Autoscaling = ctx.Autoscaling(d, "image"),
            });
        }

        public override void AddClass(WorkloadSpec workload)
        {
            var w = (ImageWorkloadSpec)workload;
            var endNs = ctx.EndNs;
            var shape = new Image.ImageShape(w.Resolution.Width, w.Resolution.Height, w.Steps, w.Cfg ? 2 : 1);
            Classes.Add(new ImageClassSetup(w.Name,
                sim => new SyntheticImageSource(ctx.Arrivals(w.Arrival, w.Name), shape, w.Images, sim.Random["arrivals/" + w.Name], endNs),
                w.Slo.DeadlineSeconds, w.Slo.Percentile, w.Priority)
            {
                Pools = w.Deployments,
                Weight = ctx.FairWeight(w),
                Shape = shape,
                Images = w.Images,
            });
        }
    }
}

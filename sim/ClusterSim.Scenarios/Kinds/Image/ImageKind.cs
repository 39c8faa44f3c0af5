using ClusterSim.Scenarios.Schema;
using static ClusterSim.Scenarios.Schema.Build;

namespace ClusterSim.Scenarios.Kinds.Image;

/// <summary>Text-to-image generation with a diffusion model (SDXL-class UNets, Flux-class DiTs).</summary>
internal sealed class ImageKind : WorkloadKindDescriptor
{
    public override string Name => "image";

    public override string ModelKind => "image";

    public override string ModelArticle => "an";

    // As the image section of summary.json writes them (ImageService): latency_s, queue_s, images_per_hour, ...
    public override IReadOnlyList<MeasuredFigureKind> MeasurableFigures { get; } =
    [
        .. MeasuredFigures.Latency("latency", "time from an image request's arrival to its finished image"),
        .. MeasuredFigures.Latency("queue", "time queued before first being scheduled"),
        new("images_per_hour", "1/h", "Images of the workload finished per hour, from the end of warm-up to the end of the run."),
        new("accelerator_seconds_per_image", "s", "Accelerator-seconds the workload's images took each."),
        MeasuredFigures.ItPower,
        MeasuredFigures.DeadlineCapacity,
    ];

    public override string DeadlineFamily => "latency";

    private static readonly Shape Slo = Obj(
        F("deadline", PositiveDur, "A request's images must be complete this long after it arrived."),
        ScenarioSchema.Percentile()).Doc("Completion target of an image class.");

    public override ObjectShape WorkloadVariant(Field[] common) => Variant("kind", Name, "Text-to-image generation with a diffusion model.",
        [.. common,
         F("resolution", Pair(Int(16)), "Width and height in pixels; default the model's."),
         F("steps", Int(1, 1000), "Denoising steps; default the model's."),
         F("images", Int(1, 64), "Images per request (num_images_per_prompt).", 1L),
         F("cfg", Enum("on", "off"), "Classifier-free guidance (two denoiser passes per step): default on where the model's guidance is cfg; 'on' is refused for a guidance-distilled model."),
         F("slo", Slo, "Completion target.")]);

    public override ObjectShape ModelVariant(bool catalog) => Variant("kind", ModelKind, "A text-to-image diffusion model.",
    [
        ScenarioSchema.ModelName(catalog), ScenarioSchema.ModelParams(),
        R("architecture", Enum("unet", "dit"), "unet: work per step from unet_gflops_per_step; dit: from layers, hidden_size and the token count."),
        R("default_resolution", Pair(Int(16)), "Default [width, height] in pixels."),
        R("default_steps", Int(1, 1000), "Denoising steps by default."),
        F("latent_downsample", Int(1, 64), "Pixels per latent cell along each side (VAE compression).", 8L),
        F("patch", Int(1, 16), "Latent cells per side one DiT token covers (1 for a UNet).", 1L),
        F("unet_gflops_per_step", Positive, "unet: one denoiser pass at the default resolution and batch 1, in GFLOP (scaled by pixels)."),
        F("layers", Int(1), "dit: transformer blocks."),
        F("hidden_size", Int(1), "dit: model width."),
        F("token_params_b", Positive, "dit: parameters, in billions, each token passes through once a pass (a double-stream block gives each token kind its own stream's weights; adaLN modulation runs once a sample, not a token); default params_b."),
        F("text_tokens", Int(0), "dit: text tokens joined to the image tokens in the sequence.", 0L),
        F("text_encoder_params_b", NonNegative, "Text encoders' parameters in billions (resident beside the denoiser).", 0.0),
        F("vae_decode_gflops", NonNegative, "VAE decoding of one image at the default resolution, in GFLOP (scaled by pixels).", 0.0),
        F("guidance", Enum("cfg", "distilled"), "cfg: classifier-free guidance, two denoiser passes per step (or a doubled batch); distilled: guidance is an input, one pass (FLUX.1-dev).", "cfg"),
        F("image_stack", Str, "Inference stack the pipeline runs on, the key into catalog/efficiency-image.yaml (a UNet's and its VAE's share of peak).", "tensorrt"),
        ScenarioSchema.ModelWeights(),
        .. ScenarioSchema.Provenance(catalog),
    ]);

    public override ModelSpec? BindModel(ModelBinding b)
    {
        var (v, node) = (b.V, b.Node);
        if (v.Str(node, "architecture") is not { } architecture || v.Resolution(node, "default_resolution") is not { } resolution
            || v.Int(node, "default_steps") is not { } steps)
        {
            return null;
        }

        var unet = architecture == "unet";
        var required = unet ? new[] { "unet_gflops_per_step" } : ["layers", "hidden_size"];
        var missing = required.Where(k => !v.Has(node, k)).ToList();
        foreach (var key in missing)
        {
            v.Ctx.ErrorAtOwner(node, v.PathOf(node), $"missing required key '{key}' (needed for architecture {architecture})");
        }

        if (missing.Count > 0)
        {
            return null;
        }

        return new ImageModelSpec(b.Key, b.Name, b.ParamsB, b.WeightPrecision, b.Confidence, b.Source, b.Notes,
            architecture, resolution, steps, v.Int(node, "latent_downsample") ?? 8, v.Int(node, "patch") ?? 1,
            unet ? v.Num(node, "unet_gflops_per_step") ?? 0 : 0, unet ? 0 : v.Int(node, "layers") ?? 0, unet ? 0 : v.Int(node, "hidden_size") ?? 0,
            v.Int(node, "text_tokens") ?? 0, v.Num(node, "text_encoder_params_b") ?? 0, v.Num(node, "vae_decode_gflops") ?? 0,
            v.Str(node, "guidance") != "distilled")
        {
            Stack = v.Str(node, "image_stack") ?? "tensorrt",
            TokenParamsB = unet ? null : v.Num(node, "token_params_b"),
        };
    }

    public override WorkloadSpec? BindWorkload(WorkloadBinding b)
    {
        var (v, m, model) = (b.V, b.Node, (ImageModelSpec)b.Model);
        var resolution = v.Resolution(m, "resolution") ?? model.DefaultResolution;
        if (v.Node(m, "resolution") is { } given && (resolution.Width % model.PixelMultiple != 0 || resolution.Height % model.PixelMultiple != 0))
        {
            v.Error(given, $"{resolution} does not split into whole latent tokens of '{model.Key}': width and height must be multiples of {model.PixelMultiple} (VAE downsampling x patch)");
            return null;
        }

        var cfg = v.Str(m, "cfg") is { } onOff ? onOff == "on" : (bool?)null;
        if (cfg == true && !model.Cfg)
        {
            v.Error(v.Node(m, "cfg")!, $"'{model.Key}' is guidance-distilled (one pass per step, guidance as an input): classifier-free guidance does not apply; leave 'cfg' out");
            return null;
        }

        if (v.Int(m, "images") is not { } images)
        {
            return null;
        }

        return new ImageWorkloadSpec(b.Name, model.Key, b.Arrival, b.Priority, b.Serving, b.Slo, resolution,
            v.Int(m, "steps") ?? model.DefaultSteps, images, cfg ?? model.Cfg);
    }

    public override IEnumerable<(string Key, string Message)> SplitProblems(ModelSpec model, int tp, int pp)
    {
        if (tp > 1 || pp > 1)
        {
            yield return (tp > 1 ? "tp" : "pp", $"'{model.Key}' is an image model, which runs on one accelerator per replica: set tp and pp to 1 and add replicas");
        }
    }
}

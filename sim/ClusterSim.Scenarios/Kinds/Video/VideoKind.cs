using ClusterSim.Scenarios.Schema;
using static ClusterSim.Scenarios.Schema.Build;

namespace ClusterSim.Scenarios.Kinds.Video;

/// <summary>Video generation with a diffusion transformer.</summary>
internal sealed class VideoKind : WorkloadKindDescriptor
{
    public override string Name => "video";

    public override string ModelKind => "video";

    public override string ModelArticle => "a";

    // As the video section of summary.json writes them (VideoService): time_to_video_s, queue_s, videos_per_hour, ...
    public override IReadOnlyList<MeasuredFigureKind> MeasurableFigures { get; } =
    [
        .. MeasuredFigures.Latency("time_to_video", "time from a video request's arrival to its finished video (decode included)"),
        .. MeasuredFigures.Latency("queue", "time queued before first being scheduled"),
        new("videos_per_hour", "1/h", "Videos of the workload finished per hour, from the end of warm-up to the end of the run."),
        new("accelerator_seconds_per_video_second", "acc-s/s", "Accelerator-seconds the workload's videos took per second of video made."),
        MeasuredFigures.ItPower,
        MeasuredFigures.DeadlineCapacity,
    ];

    public override string DeadlineFamily => "time_to_video";

    private static readonly Shape Slo = Obj(
        F("deadline", PositiveDur, "A video must be complete this long after its request arrived."),
        ScenarioSchema.Percentile()).Doc("Completion target of a video class.");

    public override ObjectShape WorkloadVariant(Field[] common) => Variant("kind", Name, "Video generation with a diffusion model.",
        [.. common,
         F("resolution", Pair(Int(16)), "Width and height in pixels; default the model's."),
         F("seconds", ScenarioSchema.Seconds, "Video length; give this or 'frames' (default the model's default_frames)."),
         F("frames", ScenarioSchema.Tokens, "Video length in frames; give this or 'seconds' (default the model's default_frames)."),
         F("fps", Positive, "Frames per second; default the model's."),
         F("steps", Int(1), "Denoising steps; default the model's."),
         F("slo", Slo, "Completion target.")]).Checked(new NotBoth("seconds", "frames"));

    public override ObjectShape ModelVariant(bool catalog) => Variant("kind", ModelKind, "A video diffusion transformer.",
    [
        ScenarioSchema.ModelName(catalog), ScenarioSchema.ModelParams(),
        R("layers", Int(1), "Transformer blocks."),
        R("hidden_size", Int(1), "Model width."),
        R("heads", Int(1), "Attention heads."),
        R("ffn_size", Int(1), "FFN intermediate size."),
        R("patch", Triple(Int(1, 64)), "Patch size over the latent: [t, h, w]."),
        R("vae_compression", Triple(Int(1, 64)), "VAE compression: [t, h, w]."),
        R("latent_channels", Int(1), "Channels of the latent."),
        F("text_encoder_params_b", NonNegative, "Text encoder parameters in billions (held in memory beside the DiT).", 0.0),
        F("vae_decode_gflops_per_frame", NonNegative, "VAE decoding work per output frame at the default resolution, in GFLOP.", 0.0),
        R("default_steps", Int(1), "Denoising steps by default."),
        R("default_resolution", Pair(Int(16)), "Default [width, height] in pixels."),
        R("default_fps", Positive, "Default frames per second."),
        F("default_frames", Int(1), "Default number of output frames."),
        F("guidance_passes", Int(1), "Forward passes of the DiT per denoising step (2 with classifier-free guidance).", 1L),
        F("text_len", Int(1), "Length the text encoder's output is padded to (cross-attention keys, or the text tokens a joint-attention sequence adds).", 0L),
        F("attention", Enum("cross", "joint"), "cross: latent tokens cross-attend to the text (separate weights, Wan2.1); joint: the text tokens join the sequence and every weight applies to them (MMDiT: HunyuanVideo, CogVideoX).", "cross"),
        F("guidance", Enum("sequential", "batch", "split"), "How the two guidance passes run: sequential forwards (Wan2.1's generate.py), one forward at batch 2 (diffusers), or split across two halves of the replica's accelerators with a per-step exchange (xDiT cfg parallel; tp counts both halves).", "sequential"),
        F("elementwise_bytes_per_element", NonNegative, "Bytes the element-wise kernels of one block read and write per token and hidden channel (memory-bound; 0 leaves them out).", 0.0),
        F("attention_stack", Str, "Attention stack of the reference code, the key into catalog/efficiency-video.yaml.", "flash-attn2"),
        ScenarioSchema.ModelWeights(),
        .. ScenarioSchema.Provenance(catalog),
    ]);

    public override ModelSpec? BindModel(ModelBinding b)
    {
        var (v, node) = (b.V, b.Node);
        int? I(string k) => v.Int(node, k);
        if (I("layers") is not { } layers || I("hidden_size") is not { } hidden || I("heads") is not { } heads
            || I("ffn_size") is not { } ffn || v.Ints(node, "patch") is not { Count: 3 } patch
            || v.Ints(node, "vae_compression") is not { Count: 3 } vae || I("latent_channels") is not { } channels
            || I("default_steps") is not { } steps || v.Resolution(node, "default_resolution") is not { } resolution
            || v.Num(node, "default_fps") is not { } fps)
        {
            return null;
        }

        return new VideoModelSpec(b.Key, b.Name, b.ParamsB, b.WeightPrecision, b.Confidence, b.Source, b.Notes,
            layers, hidden, heads, ffn, patch, vae, channels,
            v.Num(node, "text_encoder_params_b") ?? 0, v.Num(node, "vae_decode_gflops_per_frame") ?? 0,
            steps, resolution, fps, v.Int(node, "default_frames"), v.Int(node, "guidance_passes") ?? 1, v.Int(node, "text_len") ?? 0)
        {
            Attention = v.Str(node, "attention") ?? "cross",
            Guidance = v.Str(node, "guidance") ?? "sequential",
            ElementwiseBytesPerElement = v.Num(node, "elementwise_bytes_per_element") ?? 0,
            AttentionStack = v.Str(node, "attention_stack") ?? "flash-attn2",
        };
    }

    public override WorkloadSpec? BindWorkload(WorkloadBinding b)
    {
        var (v, m, model) = (b.V, b.Node, (VideoModelSpec)b.Model);
        var resolution = v.Resolution(m, "resolution") ?? model.DefaultResolution;
        if (v.Node(m, "resolution") is { } given && (resolution.Width % model.PixelsPerPatchW != 0 || resolution.Height % model.PixelsPerPatchH != 0))
        {
            v.Error(given, $"{resolution} does not split into whole latent patches of '{model.Key}': width must be a multiple of {model.PixelsPerPatchW} "
                           + $"and height of {model.PixelsPerPatchH} (VAE compression x patch size)");
            return null;
        }

        var seconds = v.Node(m, "seconds") is { } s ? b.Distribution(s) : null;
        var frames = v.Node(m, "frames") is { } f ? b.Distribution(f) : null;
        if (!v.Has(m, "seconds") && !v.Has(m, "frames"))
        {
            if (model.DefaultFrames is { } defaultFrames)
            {
                frames = new ConstantDistribution(defaultFrames);
            }
            else
            {
                v.Ctx.ErrorAtOwner(m, v.PathOf(m), $"needs 'seconds' or 'frames' ('{model.Key}' has no default_frames)");
            }
        }

        if (seconds is null && frames is null)
        {
            return null;
        }

        return new VideoWorkloadSpec(b.Name, model.Key, b.Arrival, b.Priority, b.Serving, b.Slo, resolution, seconds, frames,
            v.Num(m, "fps") ?? model.DefaultFps, v.Int(m, "steps") ?? model.DefaultSteps);
    }

    public override IEnumerable<(string Key, string Message)> SplitProblems(ModelSpec model, int tp, int pp)
        => model is VideoModelSpec video ? TransformerSplit(model, video.Heads, video.Layers, tp, pp) : [];
}

using ClusterSim.Scenarios.Schema;
using static ClusterSim.Scenarios.Schema.Build;

namespace ClusterSim.Scenarios.Kinds.Avatar;

/// <summary>Real-time avatar streaming: sessions that each need frames at a fixed rate.</summary>
internal sealed class AvatarKind : WorkloadKindDescriptor
{
    public override string Name => "avatar";

    public override string ModelKind => "avatar";

    public override string ModelArticle => "an";

    // As the avatar section of summary.json writes them (AvatarService): frame_latency_s, startup_s, turn_latency_s, ...
    public override IReadOnlyList<MeasuredFigureKind> MeasurableFigures { get; } =
    [
        .. MeasuredFigures.Latency("frame_latency", "time from a frame's release to its delivery"),
        .. MeasuredFigures.Latency("startup", "time from a session's arrival to its first frame"),
        .. MeasuredFigures.Latency("turn_latency", "time from a conversational turn's release to its reply"),
        new("frame_jitter", "s", "Standard deviation of the delivered frames' latency."),
        new("frame_miss_rate", "fraction", "Share of the frames late or skipped, in [0, 1]."),
        new("mean_concurrent_sessions", "sessions", "Sessions streaming at once (time-weighted mean after warm-up)."),
        new("concurrent_sessions_per_accelerator", "sessions", "Sessions streaming at once per accelerator of the workload's pools."),
        MeasuredFigures.ItPower,
    ];

    private static readonly Shape Slo = Obj(
        F("frame_deadline", PositiveDur, "Each frame must be ready within this time of its slot (e.g. 40ms at 25 fps)."),
        F("startup", PositiveDur, "Time from the session's arrival to its first frame."),
        ScenarioSchema.Percentile()).Doc("Real-time targets of an avatar class.");

    public override ObjectShape WorkloadVariant(Field[] common) => Variant("kind", Name, "Real-time avatar streaming: sessions that each need frames at a fixed rate.",
        [.. common,
         R("session_length", ScenarioSchema.Seconds, "How long a session streams."),
         F("fps", Positive, "Frames per second; default the model's."),
         F("resolution", Pair(Int(16)), "Width and height in pixels; default the model's."),
         F("output_resolution", Pair(Int(16)), "Width and height of the full output frame the face is pasted into and encoded at (the CPU stages' work scales with its pixels); default the model's."),
         F("slo", Slo, "Real-time targets.")]);

    public override ObjectShape ModelVariant(bool catalog) => Variant("kind", ModelKind, "A real-time talking-head (avatar) model.",
    [
        ScenarioSchema.ModelName(catalog), ScenarioSchema.ModelParams(),
        R("gflops_per_frame", Positive, "Work per generated frame in GFLOP."),
        R("resolution", Pair(Int(16)), "[width, height] of the generated frames in pixels."),
        R("default_fps", Positive, "Frames per second by default."),
        F("batch_size", Int(1, 1024), "Frames the GPU stage runs as one batch at most (frames of any of the replica's sessions); 1: one frame at a time.", 1L),
        F("batch_overhead", Dur(0), "Fixed time of one GPU batch besides its FLOPs and weight reads (kernel launches, copies); 0 for none.", 0.0),
        F("cpu_per_frame", Dur(0), "Host core time per frame of the CPU stages (face paste-back, encoding) at output_resolution; 0: no CPU stage.", 0.0),
        F("output_resolution", Pair(Int(16)), "[width, height] of the full output frame cpu_per_frame is quoted at; default resolution."),
        ScenarioSchema.ModelWeights(),
        .. ScenarioSchema.Provenance(catalog),
    ]);

    public override ModelSpec? BindModel(ModelBinding b)
    {
        var (v, node) = (b.V, b.Node);
        if (v.Num(node, "gflops_per_frame") is not { } gflops || v.Resolution(node, "resolution") is not { } resolution
            || v.Num(node, "default_fps") is not { } fps || v.Int(node, "batch_size") is not { } batch
            || v.Seconds(node, "batch_overhead") is not { } overhead || v.Seconds(node, "cpu_per_frame") is not { } cpu)
        {
            return null;
        }

        return new AvatarModelSpec(b.Key, b.Name, b.ParamsB, b.WeightPrecision, b.Confidence, b.Source, b.Notes, gflops, resolution, fps,
            batch, overhead, cpu, v.Resolution(node, "output_resolution") ?? resolution);
    }

    public override WorkloadSpec? BindWorkload(WorkloadBinding b)
    {
        var (v, m, model) = (b.V, b.Node, (AvatarModelSpec)b.Model);
        if (b.Distribution(v.Node(m, "session_length")) is not { } session)
        {
            return null;
        }

        return new AvatarWorkloadSpec(b.Name, model.Key, b.Arrival, b.Priority, b.Serving, b.Slo, session,
            v.Num(m, "fps") ?? model.DefaultFps, v.Resolution(m, "resolution") ?? model.Resolution,
            v.Resolution(m, "output_resolution") ?? model.OutputResolution);
    }

    public override IEnumerable<(string Key, string Message)> SplitProblems(ModelSpec model, int tp, int pp)
    {
        if (tp > 1 || pp > 1)
        {
            yield return (tp > 1 ? "tp" : "pp", $"'{model.Key}' is an avatar model, which runs on one accelerator per replica: set tp and pp to 1");
        }
    }
}

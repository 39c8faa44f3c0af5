using ClusterSim.Scenarios.Schema;
using static ClusterSim.Scenarios.Schema.Build;

namespace ClusterSim.Scenarios.Kinds.Avatar;

/// <summary>Real-time avatar streaming: sessions that each need frames at a fixed rate.</summary>
internal sealed class AvatarKind : WorkloadKindDescriptor
{
    public override string Name => "avatar";

    public override string ModelKind => "avatar";

    public override string ModelArticle => "an";

    private static readonly Shape Slo = Obj(
        F("frame_deadline", PositiveDur, "Each frame must be ready within this time of its slot (e.g. 40ms at 25 fps)."),
        F("startup", PositiveDur, "Time from the session's arrival to its first frame."),
        ScenarioSchema.Percentile()).Doc("Real-time targets of an avatar class.");

    public override ObjectShape WorkloadVariant(Field[] common) => Variant("kind", Name, "Real-time avatar streaming: sessions that each need frames at a fixed rate.",
        [.. common,
         R("session_length", ScenarioSchema.Seconds, "How long a session streams."),
         F("fps", Positive, "Frames per second; default the model's."),
         F("resolution", Pair(Int(16)), "Width and height in pixels; default the model's."),
         F("slo", Slo, "Real-time targets.")]);

    public override ObjectShape ModelVariant(bool catalog) => Variant("kind", ModelKind, "A real-time talking-head (avatar) model.",
    [
        ScenarioSchema.ModelName(catalog), ScenarioSchema.ModelParams(),
        R("gflops_per_frame", Positive, "Work per generated frame in GFLOP."),
        R("resolution", Pair(Int(16)), "[width, height] of the generated frames in pixels."),
        R("default_fps", Positive, "Frames per second by default."),
        ScenarioSchema.ModelWeights(),
        .. ScenarioSchema.Provenance(catalog),
    ]);

    public override ModelSpec? BindModel(ModelBinding b)
    {
        var (v, node) = (b.V, b.Node);
        if (v.Num(node, "gflops_per_frame") is not { } gflops || v.Resolution(node, "resolution") is not { } resolution
            || v.Num(node, "default_fps") is not { } fps)
        {
            return null;
        }

        return new AvatarModelSpec(b.Key, b.Name, b.ParamsB, b.WeightPrecision, b.Confidence, b.Source, b.Notes, gflops, resolution, fps);
    }

    public override WorkloadSpec? BindWorkload(WorkloadBinding b)
    {
        var (v, m, model) = (b.V, b.Node, (AvatarModelSpec)b.Model);
        if (b.Distribution(v.Node(m, "session_length")) is not { } session)
        {
            return null;
        }

        return new AvatarWorkloadSpec(b.Name, model.Key, b.Arrival, b.Priority, b.Serving, b.Slo, session,
            v.Num(m, "fps") ?? model.DefaultFps, v.Resolution(m, "resolution") ?? model.Resolution);
    }

    public override IEnumerable<(string Key, string Message)> SplitProblems(ModelSpec model, int tp, int pp)
    {
        if (tp > 1 || pp > 1)
        {
            yield return (tp > 1 ? "tp" : "pp", $"'{model.Key}' is an avatar model, which runs on one accelerator per replica: set tp and pp to 1");
        }
    }
}

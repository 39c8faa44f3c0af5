using ClusterSim.Scenarios.Schema;

namespace ClusterSim.Scenarios.Kinds;

/// <summary>
/// One workload kind on the scenario side, described once: the schema variants of its workloads and
/// models and how each binds into records. The schema, the binder and the catalog know kinds only
/// through <see cref="KindRegistry"/>, so a new kind is its own folder plus one registration line.
/// </summary>
internal abstract class WorkloadKindDescriptor
{
    /// <summary>The workload's <c>kind:</c> (text, video, ...).</summary>
    public abstract string Name { get; }

    /// <summary>The <c>kind:</c> of the models that serve it (llm for text, else usually the same name).</summary>
    public abstract string ModelKind { get; }

    /// <summary>"a" or "an" before the model kind, for messages ("an llm model", "a video model").</summary>
    public abstract string ModelArticle { get; }

    /// <summary>
    /// The figures a scenario's <c>measured:</c> section may give for a workload of this kind, named as the kind's summary.json
    /// section writes them (<see cref="MeasuredFigures"/>); none: its workloads cannot carry measurements.
    /// </summary>
    public virtual IReadOnlyList<MeasuredFigureKind> MeasurableFigures => [];

    /// <summary>
    /// The latency family its SLO's <c>deadline</c> bounds (<c>latency</c> for an image, <c>time_to_video</c> for a video),
    /// so a capacity search can hold the deadline at the SLO's percentile; null: its SLO has no such deadline.
    /// </summary>
    public virtual string? DeadlineFamily => null;

    /// <summary>Whether its deployments may split prefill and decode into pools (role: prefill/decode).</summary>
    public virtual bool HasPhases => false;

    /// <summary>The workload's variant of the scenario's 'workloads' union.</summary>
    /// <param name="common">The fields every workload has (model, arrival, priority, deployments), in order.</param>
    public abstract ObjectShape WorkloadVariant(Field[] common);

    /// <summary>The model's variant of the 'models' union; <paramref name="catalog"/> requires name, confidence and source.</summary>
    public abstract ObjectShape ModelVariant(bool catalog);

    /// <summary>The model's record from its checked mapping (null when a required value is bad: already reported).</summary>
    public abstract ModelSpec? BindModel(ModelBinding b);

    /// <summary>The workload's record from its checked mapping; reports its own errors and returns null on any.</summary>
    public abstract WorkloadSpec? BindWorkload(WorkloadBinding b);

    /// <summary>What a tp x pp split of <paramref name="model"/> cannot do: the deployment key to point at and the message.</summary>
    public virtual IEnumerable<(string Key, string Message)> SplitProblems(ModelSpec model, int tp, int pp) => [];

    /// <summary>
    /// Heads and layers a transformer is split by: tensor parallelism splits attention heads across accelerators
    /// (Megatron-LM; vLLM and TensorRT-LLM refuse a degree that does not divide them), pipeline parallelism layers.
    /// </summary>
    protected static IEnumerable<(string Key, string Message)> TransformerSplit(ModelSpec model, int heads, int layers, int tp, int pp)
    {
        if (heads > 0 && heads % tp != 0)
        {
            yield return ("tp", $"tp {tp} does not divide the {heads} attention heads of '{model.Key}'");
        }

        if (layers > 0 && pp > layers)
        {
            yield return ("pp", $"pp {pp} is more pipeline stages than the {layers} layers of '{model.Key}'");
        }
    }
}

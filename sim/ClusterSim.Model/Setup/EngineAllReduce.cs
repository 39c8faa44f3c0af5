using ClusterSim.Model.Performance;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Setup;

/// <summary>
/// Which all-reduce a tensor-parallel deployment's engine runs for small messages. vLLM (its custom all-reduce, on by
/// default for 2 to 8 NVLink-connected GPUs, up to 8 MiB) and SGLang (vLLM's kernel, later its own of the same design)
/// reduce a decode step's activations with one kernel that reads every peer's buffer, a few microseconds where NCCL's
/// ring takes 2(p - 1) latency-bound steps; the catalog's <c>engine_all_reduce</c> times it on the parts it was measured
/// on. Where it was timed for the group, the deployment takes it (up to the largest timed message); where not, the run
/// says that its all-reduces are priced as NCCL's, which over-prices them at decode sizes.
/// </summary>
internal static class EngineAllReduce
{
    /// <summary>The stacks whose engines run vLLM's custom all-reduce (or SGLang's of the same design) for small messages.</summary>
    public static bool RunsOwnAllReduce(string stack) => stack is "vllm" or "sglang";

    /// <summary>The deployment's factors with the engine's all-reduce where it applies, and the clause saying which (null: nothing to say).</summary>
    public static (EfficiencyParams Efficiency, string? Clause) Apply(DeploymentSpec d, string stack, EfficiencyParams eff, AcceleratorSpec accelerator, int perNode)
    {
        if (d.Tp <= 1 || d.AttentionDataParallel || !RunsOwnAllReduce(stack))
        {
            return (eff, null);
        }

        if (d.Tp > perNode)
        {
            return (eff, $"its tensor group of {d.Tp} spans nodes, so its all-reduces are NCCL's across them (an engine's own all-reduce runs inside one node)");
        }

        var measured = accelerator.EngineAllReduce;
        if (measured?.Curves.FirstOrDefault(c => c.Gpus == d.Tp) is not { } curve)
        {
            var timed = measured is null ? "was not timed on " + accelerator.Key
                : $"was timed on {accelerator.Key} over {string.Join(", ", measured.Curves.Select(c => c.Gpus))} only, not {d.Tp}";
            return (eff, $"the engine's own all-reduce for small messages (vLLM's custom all-reduce) {timed}: its all-reduces are priced as NCCL's " +
                         "(the link fit or all_reduce), which on an H100 over-prices those of a decode step several times (engine_all_reduce)");
        }

        var engine = new EngineAllReduceCurve(curve.Gpus, curve.Bytes, curve.Seconds, measured.Source);
        var clause = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"all-reduces over its {d.Tp} {accelerator.Key} up to {Size(engine.LargestBytes)} at the engine's own kernel's times (" +
            $"engine_all_reduce: {curve.Seconds[0] * 1e6:0.#} us at {Size(curve.Bytes[0])} to {curve.Seconds[^1] * 1e6:0.#} us at {Size(curve.Bytes[^1])}; " +
            $"{measured.Source}), larger ones as NCCL's");
        return (eff with { EngineAllReduce = engine }, clause);
    }

    private static string Size(double bytes) => bytes >= 1 << 20
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / (1 << 20):0.##} MiB")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / 1024:0.##} KiB");
}

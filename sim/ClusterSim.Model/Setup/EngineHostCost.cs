using System.Globalization;
using ClusterSim.Model.Performance;
using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Policies;

namespace ClusterSim.Model.Setup;

/// <summary>
/// A vllm entry's cost per sequence, charged by the generation of the engine a deployment runs (its
/// <c>engine_version</c>). vLLM's V0 engine does its host work for a sequence (scheduling, input preparation, output
/// processing) once a scheduling round: 10 steps a round amortise it tenfold, one a round pays it every step (vLLM's RFC
/// #6854, the multi-step scheduling it built for that; a profile posted on its performance roadmap, RFC #6801, put such
/// work at about 20 ms a step at 200 sequences).
/// V1 moved that work out of the step's process and has no rounds. So:
/// <list type="bullet">
/// <item>a V0 deployment on an entry fitted on V0 pays the entry's round (its cost a step times the steps a round it
/// was fitted at) over its own steps a round;</item>
/// <item>a V0 deployment on an entry fitted on V1 (or on another engine) pays the larger of that entry's own cost a step
/// and V0's round from the stack's V0 fit spread over its steps: host work runs on the CPU, whatever the accelerator,
/// while what the entry's fit holds beside it is the platform's (the larger rather than the sum was chosen with AMD's
/// MLPerf rows in view, README Known gaps);</item>
/// <item>a V1 deployment, or one whose generation is not known, pays the cost as fitted, and the run says so where the
/// fit's scheduling differs.</item>
/// </list>
/// A scenario's own <c>sequence_overhead</c> is its own, charged as given.
/// </summary>
internal static class EngineHostCost
{
    /// <summary>The deployment's factors with its cost per sequence charged for its engine, and the clause saying how (null: as fitted, nothing to say).</summary>
    public static (EfficiencyParams Efficiency, string? Clause) Apply(DeploymentSpec d, string stack, EfficiencyParams eff, EfficiencyCatalog catalog)
    {
        if (OtherEngine(d, stack, eff) is { } other)
        {
            return (eff, other);
        }

        if (eff.SequenceOverheadSeconds <= 0 || d.ExecutionModel.Parameters.ContainsKey("sequence_overhead"))
        {
            return (eff, null);
        }

        var batching = d.Policies.Batching;
        var steps = batching.Name == "continuous" ? Math.Max(1, (int)batching.GetDouble("scheduler_steps", 1)) : 1;
        var version = d.ExecutionModel.GetString("engine_version", "");
        var deployed = EngineVersions.Generation(stack, version, steps);
        var fittedSteps = Math.Max(1, eff.FittedSchedulerSteps);
        var fitted = EngineVersions.Generation(stack, eff.FittedEngineVersion, fittedSteps);
        var cost = eff.SequenceOverheadSeconds;
        var why = Why(version, steps);

        if (deployed == EngineGeneration.V0 && fitted == EngineGeneration.V0)
        {
            if (fittedSteps == steps)
            {
                return (eff, null);
            }

            var round = cost * fittedSteps;
            var charged = round / steps;
            return (eff with { SequenceOverheadSeconds = charged },
                $"vLLM V0 pays its host work a sequence once a scheduling round: the entry's {Us(cost)} us a step, fitted on {Fitted(eff)} scheduling " +
                $"{Every(fittedSteps)}, is {Us(round)} us a round; this deployment ({why}) schedules {Every(steps)}: {Us(charged)} us a step");
        }

        if (deployed == EngineGeneration.V0)
        {
            var reference = catalog.Entries.FirstOrDefault(e => e.Stack == eff.Stack && e.SequenceOverheadSeconds > 0
                && EngineVersions.Generation(e.Stack, e.FittedEngineVersion, Math.Max(1, e.FittedSchedulerSteps)) == EngineGeneration.V0);
            if (reference is null)
            {
                return (eff, $"this deployment runs vLLM V0 ({why}) on an entry fitted on {Fitted(eff)}, and no {eff.Stack} entry was fitted on V0: " +
                             $"its cost per sequence ({Us(cost)} us a step) charged as fitted");
            }

            var referenceSteps = Math.Max(1, reference.FittedSchedulerSteps);
            var round = reference.SequenceOverheadSeconds * referenceSteps;
            var spread = round / steps;
            var charged = Math.Max(cost, spread);
            var which = charged > cost ? $"{Us(charged)} us a step, V0's" : $"the entry's own {Us(cost)} us a step, the larger";
            return (eff with { SequenceOverheadSeconds = charged },
                $"this deployment runs vLLM V0 ({why}) on an entry fitted on {Fitted(eff)}: V0's host work a sequence is {Us(round)} us a round " +
                $"(the {reference.Accelerator}/{reference.Stack} fit on {Fitted(reference)}: {Us(reference.SequenceOverheadSeconds)} us a step, scheduling " +
                $"{Every(referenceSteps)}), host work that runs on the CPU whatever the accelerator; over this deployment's {Plural(steps)} a round that is " +
                $"{Us(spread)} us a step; charged: {which} (the larger of the two; README, Known gaps)");
        }

        if (deployed == EngineGeneration.V1 && fitted == EngineGeneration.V0)
        {
            return (eff, $"this deployment runs vLLM V1 ({why}); the entry's cost per sequence ({Us(cost)} us a step) was fitted on {Fitted(eff)} " +
                         $"scheduling {Every(fittedSteps)}: charged as fitted, since no V1 engine was fitted on this part (README, Known gaps)");
        }

        if (eff.FittedSchedulerSteps > 0 && fittedSteps != steps)
        {
            return (eff, $"its cost per sequence ({Us(cost)} us a step) was fitted on an engine that scheduled {Every(fittedSteps)}; " +
                         $"this deployment's batching ({batching.Name}) schedules {Every(steps)}: charged as fitted, though an engine pays its host work a sequence " +
                         "each time it schedules" + (EngineVersions.IsVllm(stack) && deployed == EngineGeneration.Unknown
                             ? ": give execution_model.engine_version for vLLM to charge it by its engine (README, Known gaps)"
                             : " (README, Known gaps)"));
        }

        return (eff, null);
    }

    /// <summary>
    /// A version given for an engine other than vLLM changes nothing the model prices (it may set how the engine schedules:
    /// SGLang's overlap scheduler from 0.4, <c>schedule_ahead</c>), so the run says so rather than take it silently: the entry
    /// is charged as fitted, on the engine it names. Where neither the entry nor the scenario overlaps
    /// host work with the device, the clause says that engines which do (SGLang from 0.4, TensorRT-LLM's PyTorch backend)
    /// may hide part of what the fit holds, and how to say so: how much is host work is not known from a whole-step fit.
    /// </summary>
    private static string? OtherEngine(DeploymentSpec d, string stack, EfficiencyParams eff)
    {
        var version = d.ExecutionModel.GetString("engine_version", "");
        if (version.Length == 0 || EngineVersions.IsVllm(stack))
        {
            return null;
        }

        var fitted = eff.FittedEngineVersion.Length > 0 ? $"{stack} {eff.FittedEngineVersion}" : "an engine of unstated version";
        var perSequence = eff.SequenceOverheadSeconds > 0 && !d.ExecutionModel.Parameters.ContainsKey("sequence_overhead")
            ? $", its cost per sequence ({Us(eff.SequenceOverheadSeconds)} us a step) with it"
            : "";
        var overlap = eff.HostOverlap <= 0 && !d.ExecutionModel.Parameters.ContainsKey("host_overlap")
            ? "; an engine that overlaps its scheduling with the device (SGLang from 0.4, TensorRT-LLM's PyTorch backend) may hide " +
              "part of what a whole-step fit holds, which no measurement here separates: execution_model.host_overlap sets it"
            : "";
        return $"engine_version {version} sets no price on a {stack} stack (vLLM's host costs read it): this deployment is priced as its entry was fitted, " +
               $"on {fitted}{perSequence}{overlap}";
    }

    /// <summary>What says the deployment's generation, for its clause: its version, or its rounds, which only V0 schedules.</summary>
    private static string Why(string version, int steps)
    {
        var byVersion = EngineVersions.Generation("vllm", version, 1);
        return (version.Length > 0, steps > 1) switch
        {
            (true, true) when byVersion == EngineGeneration.V1 => $"engine_version {version} scheduling {Every(steps)}, which only V0 does (VLLM_USE_V1=0)",
            (true, _) => $"engine_version {version}",
            (false, true) => $"it schedules {Every(steps)}, which only V0 does",
            _ => "no engine_version",
        };
    }

    private static string Fitted(EfficiencyParams e)
    {
        var generation = EngineVersions.Generation(e.Stack, e.FittedEngineVersion, Math.Max(1, e.FittedSchedulerSteps));
        var engine = e.FittedEngineVersion.Length > 0 ? $"vLLM {e.FittedEngineVersion}" : "an engine of unstated version";
        return generation == EngineGeneration.Unknown ? engine : $"{engine} ({(generation == EngineGeneration.V0 ? "V0" : "V1")})";
    }

    private static string Us(double seconds) => (seconds * 1e6).ToString("G3", CultureInfo.InvariantCulture);

    private static string Every(int n) => n == 1 ? "every step" : $"once every {n} steps";

    private static string Plural(int n) => n == 1 ? "one step" : $"{n} steps";
}

using ClusterSim.Model.Performance;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Setup;

/// <summary>
/// A vllm entry's cost per sequence is charged by the engine generation a deployment runs (EngineHostCost): vLLM V0 does
/// its host work once a scheduling round, so the A100 entry's 8.7 us a step, fitted on vLLM 0.6.0 at ten steps a round,
/// is 87 us a round. Independent truth for that figure: a profile reported on vLLM's performance roadmap (RFC #6801,
/// comment of 2024-08-08), V0's time between two steps at batch 200, sampling, input preparation, output processing and
/// scheduling together, "can be 20ms": 100 us a sequence, a figure no factor was set from.
/// </summary>
public sealed class EngineHostCostTests
{
    private static (double Cost, string Derivation) Charged(string file, params string[] sets)
    {
        var compiled = ScenarioCompiler.Compile(ScenarioLoader.Load(RepoPaths.File("scenarios", file), sets.ToList()));
        var model = (RooflineExecutionModel)((ExecutionModelTimer)Assert.Single(compiled.Setup.Pools).Timer).Model;
        return (model.Efficiency.SequenceOverheadSeconds, Assert.Single(compiled.Setup.Execution).Derivation);
    }

    private const string KraiH200 = "validation/mlperf50-krai-h200-vllm064-llama2-70b-server.yaml";

    [Fact]
    public void The_V0_round_derived_from_the_A100_fit_is_within_a_quarter_of_the_host_work_vLLM_measured()
    {
        var a100 = EfficiencyCatalog.Default.Resolve("a100-80gb-sxm", "vllm");
        Assert.Equal(("0.6.0", 10), (a100.FittedEngineVersion, a100.FittedSchedulerSteps));
        var round = a100.SequenceOverheadSeconds * a100.FittedSchedulerSteps;

        const double Rfc6801 = 20e-3 / 200;   // "When BS is 200, all this together can be 20ms"
        Assert.InRange(round / Rfc6801, 0.75, 1.25);
    }

    [Fact]
    public void A_V0_deployment_pays_the_V0_entrys_round_over_its_own_steps()
    {
        // Krai's vLLM 0.6.4 schedules every step: the round of the A100 fit (moved to the H200 with the entry), every step.
        var (cost, derivation) = Charged(KraiH200);
        Assert.Equal(87e-6, cost, 1e-9);
        Assert.Contains("vLLM V0 pays its host work a sequence once a scheduling round: the entry's 8.7 us a step, fitted on vLLM 0.6.0 (V0) " +
                        "scheduling once every 10 steps, is 87 us a round; this deployment (engine_version 0.6.4) schedules every step: 87 us a step", derivation);

        // At five steps a round, twice the fit's; at the fit's own ten, the fit, and nothing to say.
        Assert.Equal(17.4e-6, Charged(KraiH200, "policies.batching={name: continuous, scheduler_steps: 5}").Cost, 1e-9);
        var atFit = Charged(KraiH200, "policies.batching={name: continuous, scheduler_steps: 10}");
        Assert.Equal(8.7e-6, atFit.Cost, 1e-9);
        Assert.DoesNotContain("scheduling round", atFit.Derivation);
    }

    [Fact]
    public void A_V0_deployment_on_an_entry_fitted_on_V1_pays_the_larger_of_its_cost_and_V0s_round_spread()
    {
        // Krai's MI300X at one step a round: V0's round, 87 us, is larger than the V1 fit's 27.1.
        var (krai, kraiWhy) = Charged("validation/mlperf50-krai-mi300x-vllm064-llama2-70b-server.yaml");
        Assert.Equal(87e-6, krai, 1e-9);
        Assert.Contains("this deployment runs vLLM V0 (engine_version 0.6.4) on an entry fitted on vLLM 0.10.2 (V1): V0's host work a sequence is 87 us a round " +
                        "(the a100-80gb-sxm/vllm fit on vLLM 0.6.0 (V0): 8.7 us a step, scheduling once every 10 steps)", kraiWhy);
        Assert.Contains("charged: 87 us a step, V0's", kraiWhy);

        // AMD's v5.1 harness at 11 steps a round: 87 / 11 = 7.9 us is less than the entry's own, which stands.
        var (amd, amdWhy) = Charged("validation/mlperf51-mi300x-llama2-70b-offline.yaml");
        Assert.Equal(27.1e-6, amd, 1e-9);
        Assert.Contains("this deployment runs vLLM V0 (it schedules once every 11 steps, which only V0 does)", amdWhy);
        Assert.Contains("7.91 us a step; charged: the entry's own 27.1 us a step, the larger", amdWhy);
    }

    [Fact]
    public void A_V1_deployment_on_an_entry_fitted_on_V0_is_charged_as_fitted_and_says_so()
    {
        var (cost, derivation) = Charged("validation/mlperf51-redhat-vllm-h100-llama31-8b-offline.yaml");
        Assert.Equal(8.7e-6, cost, 1e-9);
        Assert.Contains("this deployment runs vLLM V1 (engine_version 0.10.0); the entry's cost per sequence (8.7 us a step) was fitted on vLLM 0.6.0 (V0) " +
                        "scheduling once every 10 steps: charged as fitted", derivation);
    }

    [Fact]
    public void Without_a_version_the_cost_is_charged_as_fitted_and_the_run_asks_for_one()
    {
        var (cost, derivation) = Charged(KraiH200, "execution_model={name: roofline, stack: vllm}");
        Assert.Equal(8.7e-6, cost, 1e-9);
        Assert.Contains("this deployment's batching (continuous) schedules every step: charged as fitted, though an engine pays its host work a sequence " +
                        "each time it schedules: give execution_model.engine_version for vLLM to charge it by its engine", derivation);
    }

    [Fact]
    public void A_version_given_for_another_engine_is_charged_as_fitted_and_the_run_says_so()
    {
        // SGLang 0.4 on an entry fitted on SGLang 0.3: the version changes nothing priced, and the run says so, with the
        // overlap setting that would, until the scenario gives it.
        const string file = "validation/sglang-llama33-70b-4xh200.yaml";
        var (cost, derivation) = Charged(file);
        Assert.Equal(30.1e-6, cost, 1e-9);
        Assert.Contains("engine_version 0.4.0 sets no price on a sglang stack (vLLM's host costs read it): this deployment is priced as its entry was fitted, " +
                        "on sglang 0.3.0, its cost per sequence (30.1 us a step) with it; an engine that overlaps its scheduling with the device", derivation);
        Assert.Contains("execution_model.host_overlap sets it", derivation);

        var (_, withOverlap) = Charged(file, "execution_model.host_overlap=1");
        Assert.Contains("on sglang 0.3.0, its cost per sequence (30.1 us a step) with it", withOverlap);
        Assert.DoesNotContain("execution_model.host_overlap sets it", withOverlap);
        Assert.Contains("overridden in the scenario: host_overlap = 1", withOverlap);

        var (_, withoutVersion) = Charged(file, "execution_model={name: roofline, stack: sglang}");
        Assert.DoesNotContain("engine_version", withoutVersion);
    }

    [Fact]
    public void A_scenarios_own_cost_per_sequence_is_charged_as_given()
    {
        var (cost, derivation) = Charged(KraiH200, "execution_model.sequence_overhead=0.1ms");
        Assert.Equal(100e-6, cost, 1e-9);
        Assert.DoesNotContain("scheduling round", derivation);
        Assert.Contains("overridden in the scenario: sequence_overhead = 0.0001", derivation);
    }
}

using ClusterSim.Model.Facility;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Facility;

/// <summary>
/// The power model against published measurements that were not used to set its constants (the
/// voltage floor is fitted to a consumer-GPU sweep, memory energy per bit to an H100 power breakdown;
/// see <see cref="VoltageCurve.Default"/> and <see cref="AcceleratorPower.DefaultMemoryPicojoulesPerBit"/>).
/// </summary>
public sealed class PowerCappingValidationTests
{
    /// <summary>Throughput (1 / time factor) of a step at the highest clock whose power fits <paramref name="capW"/>, by bisection.</summary>
    private static double ThroughputUnderCap(IPowerModel model, double computeShare, double memoryShare, double capW)
    {
        var activity = AcceleratorActivity.Busy(computeShare, memoryShare);
        if (model.AcceleratorW(activity, 1) <= capW)
        {
            return 1;
        }

        double lo = 1e-6, hi = 1;
        for (var i = 0; i < 100; i++)
        {
            var mid = (lo + hi) / 2;
            if (model.AcceleratorW(activity, mid) <= capW)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return 1 / ClockScaling.TimeFactor(computeShare, lo);
    }

    [Fact]
    public void An_H100_capped_at_600_W_keeps_the_published_share_of_compute_bound_throughput_within_15_percent()
    {
        // factryze.ai/scale-atlas/power/power-capping: "On transformer pretraining workloads, capping an H100
        // at 600 W typically loses 10 to 15 % step throughput": 0.85-0.90 kept, 0.875 at the middle.
        var model = PowerModels.Phase(AcceleratorPower.H100Sxm);
        var kept = ThroughputUnderCap(model, computeShare: 1, memoryShare: 0, capW: 600);

        Assert.InRange(kept / 0.875, 0.85, 1.15);
        Assert.True(kept < 1, "a 600 W cap must slow a step that draws 700 W");
    }

    [Fact]
    public void An_H100_capped_at_600_W_keeps_the_published_share_of_decode_throughput_within_15_percent()
    {
        // factryze.ai/glossary/power-capping: "reducing an H100 from 700W to 600W (14% power cut) typically
        // yields only a 5-8% throughput decrease for memory-bound LLM inference": 0.92-0.95 kept. The step's
        // shares are the roofline's for a 32-sequence decode batch of Llama-3.1-8B on TP2 H100s. The model's decode
        // step draws well under 600 W, so the cap does not bind and it keeps all (1.0) where the source reports
        // 0.92-0.95: a miss of 5-8 points, inside the 15 % band but a known gap whose cause is not modelled or known here.
        var timer = DefaultTimer([]);
        timer.IterationNs(new BatchShape { DecodeSequences = 32, DecodeContextTokens = 32 * 1000 });
        var model = PowerModels.Phase(AcceleratorPower.H100Sxm);
        var kept = ThroughputUnderCap(model, timer.LastComputeBoundFraction, timer.LastMemoryBoundFraction, 600);

        Assert.InRange(kept / 0.935, 0.85, 1.15);
    }

    [Theory]
    [InlineData(32)]
    [InlineData(128)]
    public void H200_decode_power_lies_within_15_percent_of_the_published_range(int batch)
    {
        // Ma, Afzal, Eitzinger, Wellein, "The Illusion of Power Capping in LLM Decode" (arXiv 2605.11999, 2026):
        // on NVIDIA H200 "decode draws only 137-300 W on a 700 W GPU" across four attention architectures and
        // their batch sizes. Llama-3.1-8B (GQA) on one H200, contexts of 1,000 tokens. Batches of 1 to 8 come out
        // 108-114 W, about 20 % under: the calibrated host overhead is 80 % of such a step and the model
        // books it at idle power, where a real GPU waits at full clocks (a known gap, not hidden here).
        var (model, compute, memory) = H200Decode(batch);
        var watts = model.AcceleratorW(AcceleratorActivity.Busy(compute, memory), 1);

        Assert.InRange(watts, 137 * 0.85, 300 * 1.15);
    }

    [Theory]
    [InlineData(32)]
    [InlineData(128)]
    public void H200_decode_keeps_all_its_throughput_under_every_cap_from_700_down_to_300_W_as_published(int batch)
    {
        // Ma et al. (arXiv 2605.11999, 2026), the power-capping curve of LLM decode on a datacenter GPU: on H200 "no cap
        // ever triggers, because memory-bound decode saturates HBM bandwidth rather than compute", decode drawing at most
        // 300 W. Published curve: 100 % of throughput kept at every cap down to 300 W. Same deployment as above.
        var (model, compute, memory) = H200Decode(batch);
        for (var capW = 700; capW >= 300; capW -= 50)
        {
            var kept = ThroughputUnderCap(model, compute, memory, capW);
            Assert.InRange(kept, 0.85, 1.0);
        }

        // The model's own check that the curve is not flat by construction: a compute-bound step under the same caps slows.
        Assert.True(ThroughputUnderCap(model, computeShare: 1, memoryShare: 0, capW: 300) < 0.85);
    }

    /// <summary>
    /// The H200 power model and the roofline's compute and memory shares of a decode step of <paramref name="batch"/>
    /// sequences of 1,000 tokens: Llama-3.1-8B on one H200 (700 W board, 75 W idle, 4.8 TB/s).
    /// </summary>
    private static (IPowerModel Model, double Compute, double Memory) H200Decode(int batch)
    {
        var timer = DefaultTimer(["hardware.nodes.dgx-h100.accelerator=h200-sxm", "deployments.llama-8b.tp=1", "deployments.llama-8b.replicas=8"]);
        timer.IterationNs(new BatchShape { DecodeSequences = batch, DecodeContextTokens = batch * 1000L });
        return (PowerModels.Phase(AcceleratorPower.FromSpec(700, 75, 4.8e12)), timer.LastComputeBoundFraction, timer.LastMemoryBoundFraction);
    }

    private static ExecutionModelTimer DefaultTimer(IReadOnlyList<string> sets)
        => Assert.IsType<ExecutionModelTimer>(ScenarioCompiler.Compile(ScenarioLoader.LoadDefault(sets)).Setup.Pools[0].Timer);
}

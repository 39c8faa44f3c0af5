using ClusterSim.Model.Facility;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Setup;
using ClusterSim.Model.Tests.Calibration;
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

    [Fact]
    public void An_H200_at_MLPerfs_500_W_MaxQ_limit_keeps_a_fifth_more_Llama_2_70B_offline_throughput_than_measured_a_known_gap()
    {
        // MLPerf Inference v4.1, NVIDIA's 8x H200-SXM-141GB with TensorRT-LLM in FP8, Llama-2-70B offline: 25,262.1
        // tokens/s with each board limited to 500 W (MaxQ: power_limit 500 in closed/NVIDIA/configs/llama2-70b/Offline,
        // class H200_SXM_141GBx8_MaxQ; results/H200-SXM-141GBx8_TRT_MaxQ/summary/README.md) against 31,302.7 at the
        // boards' own 700 W: 0.807 kept, same engine and batch (806). A serving measurement the power model never saw
        // (its voltage floor is fitted on a consumer GPU's sweep). The step is the offline run's steady one: 806
        // decodes with the prompt and the length-biased half of the output in context (222 + 200), and the prompts of
        // the 806 / 294.45 sequences that finish each step.
        var timer = Assert.IsType<ExecutionModelTimer>(ScenarioCompiler.Compile(ScenarioLoader.Load(
            RepoPaths.File("scenarios", "validation", "mlperf41-h200-llama2-70b-offline.yaml"))).Setup.Pools[0].Timer);
        var shape = new BatchShape { DecodeSequences = 806, DecodeContextTokens = 806L * 422 };
        for (var i = 0; i < 3; i++)
        {
            shape.AddPrefillChunk(222, 0);
        }

        timer.IterationNs(shape);
        var model = PowerModels.Phase(AcceleratorPower.FromSpec(700, 75, 4.8e12));
        var kept = ThroughputUnderCap(model, timer.LastComputeBoundFraction, timer.LastMemoryBoundFraction, 500);
        var fullClockW = model.AcceleratorW(AcceleratorActivity.Busy(timer.LastComputeBoundFraction, timer.LastMemoryBoundFraction), 1);
        Console.WriteLine($"H200 MaxQ: compute share {timer.LastComputeBoundFraction:F3}, {fullClockW:F0} W at full clock, kept {kept:F3} against 0.807");

        // A KNOWN GAP, asserted as the band it is in (first run 2026-12-05): the model keeps 0.961 (+19 % over the
        // measurement, outside this class's 15 %). Its step (74 % compute-bound) draws about 580 W at full clock, so a
        // 500 W limit hardly binds; the real boards lose a fifth. The same round says why: the H200 with a custom thermal
        // solution ran 11.4 % faster on the same engine (MlperfV41ValidationTests), so at 700 W these steps are already
        // power-limited, and more of a board's power stays when the core clock falls (memory, uncore) than the model
        // keeps, and the model averages the step's power over its phases where a board's limiter acts within them.
        Assert.InRange(kept / 0.807, 1.14, 1.24);
        Assert.InRange(fullClockW, 550, 600);

        // The second cause, worked through the same curve: a GEMM phase alone (all compute, 700 W at full clock) must
        // drop to the clock whose power is 500 W, 0.897 by hand (75 + 625 f v(f)^2 = 500 with v(f) = 1 - 1.25 (1 - f));
        // priced phase by phase the step keeps 1 / (0.744 / 0.897 + 0.256) = 0.92, still 14 % over the measurement.
        // (By hand again: phase by phase with about 350 W of the 700 that does not follow the clock, the GEMM phases
        // fall below the voltage floor to 0.757 and the step keeps 0.81.)
        var gemmClock = ThroughputUnderCap(model, computeShare: 1, memoryShare: 0, capW: 500);
        Assert.InRange(gemmClock, 0.89, 0.905);
        var phaseByPhase = 1 / ClockScaling.TimeFactor(timer.LastComputeBoundFraction, gemmClock);
        Assert.InRange(phaseByPhase, 0.91, 0.93);
    }

    [Fact]
    public void The_MaxQ_H200_run_at_its_500_W_board_limit_loses_a_twenty_fifth_where_the_measured_boards_lost_a_fifth()
    {
        // The whole run of the MaxQ row (scenarios/validation/mlperf41-h200-maxq-llama2-70b-offline.yaml: the catalog's
        // H200 at tdp_w 500, its peaks unchanged), beside the same engine at the boards' own 700 W: each step runs at the
        // clock whose average power fits 500 W, against the clock it had at 700 W (first run 2026-12-05, after the board
        // clock was built for the limit's own sake; nothing set from this row). The simulated boards keep 0.960 (mean busy
        // clock 0.951) where the measured ones kept 0.807 (25,262.1 against 31,302.7 tokens/s): +25.3 % on the row, the
        // same known gap as the steady step above, now through the simulator's own runs (0.962 and +24.9 % before
        // 2026-12-06, when both runs took the harness's shared queue and whole prompts).
        var maxq = ScenarioRuns.Validation("mlperf41-h200-maxq-llama2-70b-offline.yaml");
        var full = ScenarioRuns.Validation("mlperf41-h200-llama2-70b-offline.yaml");
        var maxqTokens = maxq.Overall.OutputTokensPerSecond(maxq.MeasuredSeconds);
        var kept = maxqTokens / full.Overall.OutputTokensPerSecond(full.MeasuredSeconds);
        Console.WriteLine($"H200 MaxQ run: {maxqTokens:F0} tok/s ({100 * (maxqTokens / 25_262.1 - 1):+0.0;-0.0} % against 25,262.1), kept {kept:F3} of the 700 W run against 0.807, mean busy clock {maxq.Facility!.Energy.MeanBusyClock:F3}");

        Assert.InRange(kept, 0.95, 0.975);
        Assert.InRange(maxqTokens / 25_262.1 - 1, 0.22, 0.28);
        Assert.InRange(maxq.Facility.Energy.MeanBusyClock, 0.94, 0.96);
        Assert.Equal(1, full.Facility!.Energy.MeanBusyClock, 6);
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

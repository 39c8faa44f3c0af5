using ClusterSim.Model.Hardware;
using ClusterSim.Model.Performance;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using Precision = ClusterSim.Scenarios.Precision;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>Which efficiency factors a deployment runs with is never silent: fitted, derived or overridden, the run says.</summary>
public sealed class EfficiencyProvenanceTests
{
    private static CompiledScenario Compile(string file, params string[] sets)
        => ScenarioCompiler.Compile(ScenarioLoader.Load(RepoPaths.File("scenarios", file), sets.ToList()));

    [Fact]
    public void A_cost_per_sequence_fitted_at_one_scheduling_rate_and_run_at_another_is_said()
    {
        const string Clause = "its cost per sequence (8.7 us a step) was fitted on an engine that scheduled once every 10 steps; " +
                              "this deployment's batching (continuous) schedules every step: charged as fitted";

        // The A100 vllm entry was fitted on vLLM 0.6.0 run with ten scheduler steps a round; Krai's file without its
        // engine_version schedules every step, and which engine it is is not known (EngineHostCostTests: with it).
        var krai = Assert.Single(Compile("validation/mlperf50-krai-h200-vllm073-llama2-70b-server.yaml", "execution_model={name: roofline, stack: vllm}").Setup.Execution);
        Assert.Contains(Clause, krai.Derivation);

        // At the fit's own rate nothing is said, nor where the scenario sets its own cost per sequence.
        Assert.Equal("fitted", Assert.Single(Compile("calibration/vllm-llama31-8b-a100.yaml").Setup.Execution).Derivation);
        Assert.DoesNotContain("fitted on an engine that scheduled", Assert.Single(Compile("validation/mlperf50-krai-h200-vllm073-llama2-70b-server.yaml",
            "execution_model={name: roofline, stack: vllm}", "policies.batching={name: continuous, scheduler_steps: 10}").Setup.Execution).Derivation);
        Assert.DoesNotContain("fitted on an engine that scheduled", Assert.Single(Compile("validation/mlperf50-krai-h200-vllm073-llama2-70b-server.yaml",
            "execution_model={name: roofline, stack: vllm, sequence_overhead: 0.1ms}").Setup.Execution).Derivation);

        // TensorRT-LLM's entries have no scheduling rounds to state.
        Assert.DoesNotContain("fitted on an engine that scheduled", Assert.Single(Compile("calibration/mlperf-llama2-70b-server.yaml").Setup.Execution).Derivation);
    }

    [Fact]
    public void Shares_borrowed_from_the_same_silicon_are_said_to_be_that_parts()
    {
        // The H200 NVL card has no measured share of its own: its deployment moves the H100 entry by the H200 SXM's
        // (catalog same_silicon_as), 0.690 / 0.698 for compute and 0.835 / 0.866 for memory, and the derivation says whose.
        var e = Assert.Single(Compile("validation/mlperf51-asus-h200nvl-llama2-70b-offline.yaml").Setup.Execution);
        Assert.Contains("compute efficiency x 0.989, the ratio of the measured FP8 matmul shares of peak (h200-nvl 69.0% (h200-sxm's: the same silicon) / h100-sxm 69.8%, matmul_share_fp8)", e.Derivation);
        Assert.Contains("memory efficiency x 0.964, the ratio of the measured STREAM copy shares of the catalog's memory bandwidth (h200-nvl 83.5% (h200-sxm's: the same silicon) / h100-sxm 86.6%, bandwidth_share)", e.Derivation);
        // A part measured itself says nothing of the kind.
        Assert.DoesNotContain("the same silicon", Assert.Single(Compile("validation/mlperf50-h200-llama2-70b-offline.yaml").Setup.Execution).Derivation);
        // Nor does a note that uses the shares for something else: a mixed checkpoint's slower share on the card.
        var mixed = Compile("validation/mlperf50-h200-mixtral-8x7b-server.yaml", "hardware.nodes.hgx-h200.accelerator=h200-nvl");
        Assert.Contains(mixed.Notes, n => n.Contains("(h200-nvl's measured bf16 (h200-sxm's: the same silicon) and fp8 (h200-sxm's: the same silicon) matmul shares and peaks)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_fitted_pair_is_used_as_fitted_and_says_what_it_was_fitted_on()
    {
        var e = Assert.Single(Compile("calibration/mlperf-llama2-70b-server.yaml").Setup.Execution);
        Assert.Equal("h100-sxm/trtllm-fp8", e.Entry);
        Assert.Equal("fitted", e.Derivation);
        Assert.Contains("H100 FP8 maximum achievable matmul (compute)", e.FittedOn);
    }

    [Fact]
    public void A_deployment_that_names_no_stack_runs_llms_on_vllm_and_other_kinds_on_splitwise_and_says_which()
    {
        // The embedded default scenario names no stack: H100 LLM replicas take the A100 vllm entry moved by the two
        // parts' measured shares (BF16 matmul 0.803 / 0.869, STREAM 0.866 / 0.790).
        var llm = Assert.Single(ScenarioCompiler.Compile(ScenarioLoader.LoadDefault()).Setup.Execution);
        Assert.Equal(ScenarioCompiler.LlmDefaultStack, llm.Stack);
        Assert.Equal("a100-80gb-sxm/vllm", llm.Entry);
        Assert.StartsWith("stack not named in the scenario: vllm (the default for LLM pools); no h100-sxm/vllm fit", llm.Derivation);

        // An image pool without a stack keeps the fit its published-latency check was made with, and its note says so.
        var studio = Compile("multimodal-studio.yaml");
        Assert.Contains(studio.Notes, n => n.Contains("efficiency entry h100-sxm/splitwise-fp16 (stack not named in the scenario: splitwise-fp16 (the default for image pools", StringComparison.Ordinal));
    }

    [Fact]
    public void An_accelerator_without_a_fit_takes_the_nearest_same_vendor_entry_and_says_so()
    {
        // H200 has the H100's die: the H100 entry, applied to the H200's own bandwidth and memory.
        var e = Assert.Single(Compile("validation/mlperf41-h200-llama2-70b-server.yaml").Setup.Execution);
        Assert.Equal("h100-sxm/trtllm-fp8", e.Entry);
        Assert.Contains("no h200-sxm/trtllm-fp8 fit", e.Derivation);
        Assert.DoesNotContain("another vendor", e.Derivation);
    }

    [Fact]
    public void A_transfer_does_not_carry_the_donors_attention_kernel_floor_and_says_so()
    {
        // The A100 vllm entry's fixed time per layer of decode attention was timed on A100 kernels: on a B200, where no
        // attention kernel was timed, it is not priced; on an H100 the part's own timed floor takes its place.
        var donor = EfficiencyCatalog.Default.Resolve("a100-80gb-sxm", "vllm");
        Assert.Equal(18.1e-6, donor.AttentionLaunchSeconds, 1e-12);
        var moved = EfficiencyCatalog.Default.Resolve("b200", "vllm", Catalog.Default.FindAccelerator);
        Assert.Equal(0, moved.AttentionLaunchSeconds);
        Assert.Equal(donor.GemmLaunchSeconds, moved.GemmLaunchSeconds); // the GEMM launch, measured on an H200, still moves as measured
        Assert.Contains("attention kernels' fixed time (18.1 us a layer, timed on a100-80gb-sxm) is not carried", moved.Derivation);
        Assert.Equal(13.3e-6, EfficiencyCatalog.Default.Resolve("h100-sxm", "vllm", Catalog.Default.FindAccelerator).AttentionLaunchSeconds, 1e-12);
        Assert.DoesNotContain("attention kernels", EfficiencyCatalog.Default.Resolve("h200-sxm", "trtllm-fp8", Catalog.Default.FindAccelerator).Derivation);
    }

    [Fact]
    public void Fp4_arithmetic_takes_the_parts_measured_fp4_share_over_its_fp8_one_and_says_so()
    {
        // Azure's cuBLASLt GEMMs on a GB200: FP4 7,627.6 of 10,000 TFLOP/s, FP8 2,973.3 of 5,000. The FP8-measured entry,
        // moved to the GB200 by the FP8 shares, then to FP4 arithmetic by the part's own FP4 / FP8 shares: 0.763 / 0.595.
        var gb200 = Assert.Single(Compile("validation/trtllm-pytorch-llama33-70b-b200.yaml", "hardware.nodes.dgx.accelerator=gb200").Setup.Execution);
        Assert.Contains("compute efficiency measured at fp8, run at fp4: x 1.282, the ratio of gb200's measured matmul shares (fp4 76.3% / fp8 59.5%)", gb200.Derivation);

        // The B200 has its own FP4 share (cuBLASLt NVFP4, 5,500 of 9,000 TFLOP/s) and the GB200's FP8 one (the same
        // silicon): the H100's FP8 efficiency moves by the FP8 shares, then to FP4 by the B200's two, and each clause says
        // whose a share is. The two steps come to 0.611 / 0.698, the B200's FP8 share cancelling out.
        var b200 = Assert.Single(Compile("validation/trtllm-pytorch-llama33-70b-b200.yaml").Setup.Execution);
        Assert.Contains("compute efficiency x 0.852, the ratio of the measured FP8 matmul shares of peak (b200 59.5% (gb200's: the same silicon) / h100-sxm 69.8%, matmul_share_fp8)", b200.Derivation);
        Assert.Contains("compute efficiency measured at fp8, run at fp4: x 1.027, the ratio of b200's measured matmul shares (fp4 61.1% / fp8 59.5% (gb200's: the same silicon))", b200.Derivation);
        var h100 = EfficiencyCatalog.Default.Resolve("h100-sxm", "trtllm-fp8");
        var shipped = Catalog.Default.FindAccelerator("b200")!;
        var twoSteps = MeasuredShares.AtPrecision(EfficiencyCatalog.Default.Resolve("b200", "trtllm-fp8", Catalog.Default.FindAccelerator, Precision.Fp4), shipped, Precision.Fp4).Efficiency;
        Assert.Equal(h100.ComputeEfficiency * 0.611 / 0.698, twoSteps.ComputeEfficiency, 12);

        // Without an FP8 share of its own, the H100's FP8 efficiency moves straight to the part's FP4 arithmetic by the two
        // measured shares, in one step that says so.
        var b200Spec = shipped with { MatmulShareFp8 = null, BorrowedShares = [] };
        var direct = EfficiencyCatalog.Default.Resolve("b200", "trtllm-fp8", k => k == "b200" ? b200Spec : Catalog.Default.FindAccelerator(k), Precision.Fp4);
        Assert.Contains("compute efficiency measured at fp8, run at fp4: x 0.875, the ratio of the measured matmul shares of peak at the two (b200 fp4 61.1% / h100-sxm fp8 69.8%, matmul_share_fp4 over matmul_share_fp8)", direct.Derivation);
        Assert.Equal(h100.ComputeEfficiency * 0.611 / 0.698, direct.ComputeEfficiency, 12);

        Assert.Equal("fp4", direct.Precision);   // moved already: the compiler's own precision step has nothing left to do
        Assert.Null(MeasuredShares.AtPrecision(direct, b200Spec, Precision.Fp4).Clause);

        // Without the FP4 measurement the FP8 figure stands at the FP4 peak, and the run says so.
        var unmeasured = b200Spec with { MatmulShareFp4 = null };
        var b200Bare = EfficiencyCatalog.Default.Resolve("b200", "trtllm-fp8", k => k == "b200" ? unmeasured : Catalog.Default.FindAccelerator(k), Precision.Fp4);
        Assert.Equal("fp8", b200Bare.Precision);
        Assert.Contains("compute efficiency measured at fp8 and applied to b200's fp4 peak unchanged: no measured fp8 matmul share for b200",
            MeasuredShares.AtPrecision(b200Bare, unmeasured, Precision.Fp4).Clause);

        // By hand, on the shares alone.
        var spec = Catalog.Default.FindAccelerator("gb200")!;
        var fp8 = EfficiencyCatalog.Default.Resolve("h100-sxm", "trtllm-fp8") with { Precision = "fp8" };
        var (atFp4, _) = MeasuredShares.AtPrecision(fp8, spec, Precision.Fp4);
        Assert.Equal(fp8.ComputeEfficiency * 0.763 / 0.595, atFp4.ComputeEfficiency, 12);
    }

    [Fact]
    public void A_transfer_moves_compute_and_memory_efficiency_by_the_measured_shares_and_says_by_how_much()
    {
        // Hand arithmetic from the catalog's own figures: the trtllm-fp8 entry was measured at FP8, and in Azure's GEMM
        // benchmark MI300X's best FP8 matmul reaches 1,159.5 of 2,614.9 TFLOP/s, H100's 1,382.2 of 1,978.9; the compute
        // efficiency moves by the ratio of those FP8 shares.
        var catalog = Catalog.Default;
        var donor = EfficiencyCatalog.Default.Resolve("h100-sxm", "trtllm-fp8");
        var moved = EfficiencyCatalog.Default.Resolve("mi300x", "trtllm-fp8", catalog.FindAccelerator);
        var ratio = 0.443 / 0.698;
        Assert.Equal(donor.ComputeEfficiency * ratio, moved.ComputeEfficiency, 12);
        Assert.Equal(donor.IterationOverheadSeconds, moved.IterationOverheadSeconds);   // fixed times stay as measured
        Assert.Contains("compute efficiency x 0.635", moved.Derivation);
        Assert.Contains("mi300x 44.3% / h100-sxm 69.8%, matmul_share_fp8", moved.Derivation);

        // A BF16-measured entry moves by the BF16 shares: MI300X 668.4 of 1,307.4 TFLOP/s in the best matmul, H100 794.5 of 989.4.
        var bf16 = EfficiencyCatalog.Default.Resolve("mi300x", "trtllm-bf16", catalog.FindAccelerator);
        Assert.Equal(EfficiencyCatalog.Default.Resolve("h100-sxm", "trtllm-bf16").ComputeEfficiency * 0.511 / 0.803, bf16.ComputeEfficiency, 12);
        Assert.Contains("mi300x 51.1% / h100-sxm 80.3%, matmul_share)", bf16.Derivation);

        // Memory likewise, by the STREAM copy shares: MI300X 4.11 of 5.3 TB/s, H100 2.90 of 3.35 (Azure's guide).
        Assert.Equal(donor.MemoryEfficiency * (0.775 / 0.866), moved.MemoryEfficiency, 12);
        Assert.Contains("memory efficiency x 0.895", moved.Derivation);
        Assert.Contains("mi300x 77.5% / h100-sxm 86.6%, bandwidth_share", moved.Derivation);

        // The B200's by a STREAM-like element-wise kernel (CUB's benchmark, 7.087 of 8 TB/s) over the H100's STREAM copy.
        var b200 = EfficiencyCatalog.Default.Resolve("b200", "trtllm-fp8", catalog.FindAccelerator);
        Assert.Equal(0.886, 7.087 / 8, 3);
        Assert.Equal(donor.MemoryEfficiency * (0.886 / 0.866), b200.MemoryEfficiency, 12);
        Assert.Contains("b200 88.6% / h100-sxm 86.6%, bandwidth_share", b200.Derivation);

        // Where a part has no measurement the shares are assumed equal, and the derivation says which part lacks it.
        var unmeasured = EfficiencyCatalog.Default.Resolve("l40s", "trtllm-fp8", catalog.FindAccelerator);
        Assert.Equal(donor.ComputeEfficiency, unmeasured.ComputeEfficiency);
        Assert.Equal(donor.MemoryEfficiency, unmeasured.MemoryEfficiency);
        Assert.Contains("no measured matmul share for l40s", unmeasured.Derivation);
        Assert.Contains("l40s has no measured FP8 matmul share: the BF16 ones stand in", unmeasured.Derivation);
        Assert.Contains("no measured bandwidth share for l40s", unmeasured.Derivation);

        // However large the ratio, no transferred factor passes the physical bound (0.709 x 1.0 / 0.5 would).
        var generous = EfficiencyCatalog.Default.Resolve("mi300x", "trtllm-fp8", key => catalog.FindAccelerator(key) is { } a
            ? a with { MatmulShareFp8 = key == "mi300x" ? 1.0 : 0.5, BandwidthShare = key == "mi300x" ? 1.0 : 0.5 }
            : null);
        Assert.Equal(1.0, generous.ComputeEfficiency);
        Assert.Equal(1.0, generous.MemoryEfficiency);
    }

    [Fact]
    public void TensorRT_LLM_in_BF16_differs_from_FP8_only_in_the_measured_BF16_matmul_share()
    {
        var fp8 = EfficiencyCatalog.Default.Resolve("h100-sxm", "trtllm-fp8");
        var bf16 = EfficiencyCatalog.Default.Resolve("h100-sxm", "trtllm-bf16");
        Assert.Equal(794.5 / 989.4, bf16.ComputeEfficiency, 6);
        Assert.Equal(1402.6 / 1978.9, fp8.ComputeEfficiency, 6);
        Assert.Equal(fp8 with { Stack = bf16.Stack, FittedOn = bf16.FittedOn, ComputeEfficiency = bf16.ComputeEfficiency, Precision = "bf16" }, bf16);
        Assert.Equal("fp8", fp8.Precision);
        Assert.Contains("BF16 maximum achievable matmul", bf16.FittedOn);
    }

    [Fact]
    public void An_efficiency_measured_at_one_precision_moves_to_the_deployments_arithmetic_by_the_measured_matmul_shares()
    {
        // The default stack (vllm) is measured at BF16; the fp8 deployment computes at FP8, where an H100's best
        // matmul reaches 69.8 % of the FP8 peak against 80.3 % of the 16-bit peak at BF16 (catalog shares).
        var compiled = Compile("quantization-what-if.yaml");
        var byName = compiled.Setup.Execution.ToDictionary(e => e.Deployment);
        Assert.Contains("compute efficiency measured at bf16, run at fp8: x 0.869, the ratio of h100-sxm's measured matmul shares (fp8 69.8% / bf16 80.3%)",
            byName["fp8-tp2"].Derivation);
        Assert.DoesNotContain("measured at bf16", byName["fp16-tp4"].Derivation);   // same arithmetic (16-bit)
        Assert.DoesNotContain("measured at bf16", byName["int4-tp1"].Derivation);   // weight-only int4 computes at bf16, the 16-bit kernels

        // The compute term, and only it, grows by 0.803 / 0.698: against the same deployment with the entry's own
        // compute efficiency written back as an override (overrides come after the precision step).
        var bf16Entry = EfficiencyCatalog.Default.Resolve("h100-sxm", ScenarioCompiler.LlmDefaultStack, Catalog.Default.FindAccelerator);
        var pinned = Compile("quantization-what-if.yaml", $"deployments.fp8-tp2.execution_model={{name: roofline, compute_efficiency: {bf16Entry.ComputeEfficiency.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}}}");
        var shape = IterationShape.Prefill(8, 4096);
        var moved = Timer(compiled, "fp8-tp2").Predict(shape);
        var asFitted = Timer(pinned, "fp8-tp2").Predict(shape);
        Assert.Equal(0.803 / 0.698, moved.ComputeSeconds / asFitted.ComputeSeconds, 9);
        Assert.Equal(asFitted.MemorySeconds, moved.MemorySeconds, 12);
    }

    [Fact]
    public void A_board_power_limit_changed_in_the_scenario_says_what_it_moves()
    {
        // Above the catalog's limit (MLPerf v4.1's custom-thermal-solution H200, 11.4 % faster than the 700 W one on the
        // same engine): no faster clock is known, so steps and power stay as at 700 W, and the run says so.
        var cts = Assert.Single(Compile("validation/mlperf41-h200-cts-llama2-70b-offline.yaml").Setup.Execution);
        Assert.Contains("accelerator 'h200-cts' is h200-sxm with tdp_w 1000 W where the catalog has 700 W: step times and power stay as at 700 W", cts.Derivation);

        // Below it (MLPerf v4.1's MaxQ H200 at 500 W): steps that would draw more run at the clock that fits, the
        // clock of a wholly compute-bound step given by hand (75 + 625 c V(c)^2 = 500: 0.897).
        var maxq = Assert.Single(Compile("validation/mlperf41-h200-maxq-llama2-70b-offline.yaml").Setup.Execution);
        Assert.Contains("accelerator 'h200-maxq' is h200-sxm with tdp_w 500 W where the catalog has 700 W: the efficiencies hold the clocks of the 700 W boards " +
                        "they were measured on, and a step whose average power there exceeds 500 W runs at the clock that fits (a wholly compute-bound step at 0.897", maxq.Derivation);

        // So low that idle and full memory streaming alone exceed it (75 + 4.8 TB/s x 8 x 3.9 pJ/bit = 75 + 149.8 = 225 W):
        // said, in the derivation and in the run's notes alike (one statement, FacilityCompiler.BoardLimitClause).
        var low = Compile("validation/mlperf41-h200-maxq-llama2-70b-offline.yaml", "hardware.accelerators.h200-maxq.tdp_w=200");
        Assert.Contains("idle and full memory streaming alone draw 225 W, over the limit", Assert.Single(low.Setup.Execution).Derivation);
        Assert.Contains(low.Setup.Notes, n => n.StartsWith("power: accelerator 'h200-maxq' is h200-sxm with tdp_w 200 W", StringComparison.Ordinal)
                                             && n.Contains("draw 225 W, over the limit", StringComparison.Ordinal));
        Assert.DoesNotContain("over the limit", maxq.Derivation);

        // A part given other peaks is another part: its peaks stand for its speed, and no board clock is applied.
        var other = Assert.Single(Compile("validation/mlperf41-h200-maxq-llama2-70b-offline.yaml", "hardware.accelerators.h200-maxq.tflops={fp8: 1500, bf16: 750}").Setup.Execution);
        Assert.Contains("accelerator 'h200-maxq' is h200-sxm with tdp_w 500 W where the catalog has 700 W and other peaks: its own peaks stand for its speed", other.Derivation);

        // The same part under a catalog key, or an override that keeps the limit, says nothing of the kind.
        var plain = Assert.Single(Compile("validation/mlperf41-h200-llama2-70b-offline.yaml").Setup.Execution);
        Assert.DoesNotContain("tdp_w", plain.Derivation);
        var same = Assert.Single(Compile("validation/mlperf41-h200-cts-llama2-70b-offline.yaml", "hardware.accelerators.h200-cts.tdp_w=700").Setup.Execution);
        Assert.DoesNotContain("tdp_w", same.Derivation);
    }

    [Fact]
    public void A_precision_without_a_measured_matmul_share_keeps_the_efficiency_and_says_so()
    {
        var e = Compile("quantization-what-if.yaml", "models.llama-70b-fp8.weight_precision=int8").Setup.Execution.Single(x => x.Deployment == "fp8-tp2");
        Assert.Contains("compute efficiency measured at bf16 and applied to h100-sxm's int8 peak unchanged: no measured int8 matmul share for h100-sxm", e.Derivation);
    }

    private static IExecutionModel Timer(CompiledScenario compiled, string pool)
        => ((ExecutionModelTimer)compiled.Setup.Pools.Single(p => p.Name == pool).Timer).Model;

    [Fact]
    public void A_stack_fitted_only_elsewhere_is_never_replaced_by_another_stack()
    {
        // SGLang on H100: before, the first H100 entry of any stack (the 2023 splitwise-fp16 fit) was used silently.
        var e = Assert.Single(Compile("calibration/sglang-llama31-8b-a100.yaml", "hardware.nodes.a100-box.accelerator=h100-sxm").Setup.Execution);
        Assert.Equal("sglang", e.Stack);
        Assert.Equal("a100-80gb-sxm/sglang", e.Entry);
        Assert.Contains("no h100-sxm/sglang fit", e.Derivation);
    }

    [Fact]
    public void A_stack_no_accelerator_has_a_fit_for_is_refused_where_it_was_written_with_a_suggestion()
    {
        var error = Assert.Throws<ScenarioException>(() => Compile("calibration/mlperf-llama2-70b-server.yaml", "execution_model.stack=trtllm-fp9"));
        Assert.Contains("--set execution_model.stack=trtllm-fp9:1:", error.Message);
        Assert.Contains("unknown stack 'trtllm-fp9'", error.Message);
        Assert.Contains("did you mean 'trtllm-fp8'", error.Message);

        // The library refuses it too, for a catalog built without the loader.
        var direct = Assert.Throws<ArgumentException>(() => EfficiencyCatalog.Default.Resolve("h100-sxm", "trtllm-fp9"));
        Assert.Contains("did you mean 'trtllm-fp8'", direct.Message);
    }

    [Fact]
    public void Scenario_overrides_replace_the_factors_and_are_reported()
    {
        var compiled = Compile("calibration/mlperf-llama2-70b-server.yaml", "execution_model.compute_efficiency=0.3", "execution_model.iteration_overhead=2ms",
            "execution_model.gemm_launch=3us");
        var e = Assert.Single(compiled.Setup.Execution);
        Assert.Contains("compute_efficiency = 0.3", e.Derivation);
        Assert.Contains("iteration_overhead = 0.002", e.Derivation);
        Assert.Contains("gemm_launch = 3E-06", e.Derivation);

        // The override reaches the predictor: a long prefill, compute-bound, slows by the efficiency ratio.
        var fitted = EfficiencyCatalog.Default.Resolve("h100-sxm", "trtllm-fp8");
        var deployment = new Deployment
        {
            Model = ReferenceModels.Llama2_70B, Accelerator = ReferenceAccelerators.H100Sxm, TensorParallel = 2,
            WeightPrecision = Precision.Fp8, KvCachePrecision = Precision.Fp8,
        };
        var shape = IterationShape.Prefill(1, 4096);
        var before = new RooflineExecutionModel(new ExecutionModelContext { Deployment = deployment, Efficiency = fitted }).Predict(shape);
        var after = new RooflineExecutionModel(new ExecutionModelContext
        {
            Deployment = deployment,
            Efficiency = fitted with { ComputeEfficiency = 0.3 },
        }).Predict(shape);
        Assert.Equal(before.ComputeSeconds * fitted.ComputeEfficiency / 0.3, after.ComputeSeconds, before.ComputeSeconds * 1e-9);
    }

    [Fact]
    public void The_all_reduce_step_latency_is_a_per_deployment_override_and_a_bad_one_is_refused_where_written()
    {
        // By hand: a TP8 all-reduce is 2 x 7 = 14 ring steps, so 1 us more per step costs 14 us per all-reduce, and a
        // Llama 3.1 70B pass has 2 x 80 of them: 2.24 ms more for one decoding sequence.
        double Step(params string[] sets) => ((ExecutionModelTimer)Assert.Single(Compile("calibration/amd-vllm-llama31-70b-8xmi300x.yaml", sets)
            .Setup.Pools).Timer).Model.Predict(IterationShape.Decode(1, 1000)).Seconds;
        Assert.Equal(160 * 14 * 1e-6, Step("execution_model.collective_step_latency=2.84us") - Step("execution_model.collective_step_latency=1.84us"), 1e-9);
        Assert.Contains("collective_step_latency = 2.84E-06",
            Assert.Single(Compile("calibration/amd-vllm-llama31-70b-8xmi300x.yaml", "execution_model.collective_step_latency=2.84us").Setup.Execution).Derivation);

        var negative = Assert.Throws<ScenarioException>(() => Compile("calibration/amd-vllm-llama31-70b-8xmi300x.yaml", "execution_model.collective_step_latency=-1us"));
        Assert.Contains("1:41: execution_model.collective_step_latency: expected a duration", negative.Message);
        var misspelt = Assert.Throws<ScenarioException>(() => Compile("calibration/amd-vllm-llama31-70b-8xmi300x.yaml", "execution_model.collective_step_latancy=1us"));
        Assert.Contains("did you mean 'collective_step_latency'?", misspelt.Message);
    }

    [Fact]
    public void A_pipelined_replica_holds_the_engine_limits_in_each_micro_batch_and_says_so()
    {
        // MLPerf v5.0's DGX-H100: gpu_batch_size 1,024 and max_num_tokens 1,024 at pp 2; TensorRT-LLM schedules each of the
        // two micro-batches with those limits, so the replica holds 2,048 sequences and 2,048 tokens an iteration.
        var compiled = Compile("validation/mlperf50-h100-llama2-70b-offline.yaml");
        var config = compiled.Setup.Pools[0].Config;
        Assert.Equal(2, config.MicroBatches);
        Assert.Equal(2 * 1024, config.MaxSequences);
        Assert.Equal(2 * 1024, config.MaxBatchTokens);
        Assert.Contains(compiled.Notes, n => n.Contains("max_batch 1024 and max_batch_tokens 1024 (and a batch policy's token budget) apply to each micro-batch", StringComparison.Ordinal));

        // Without pipeline parallelism nothing is scaled, and nothing is said.
        var flat = Compile("validation/mlperf50-h100-llama2-70b-offline.yaml", "deployments.llama2-70b.pp=1", "deployments.llama2-70b.replicas=8");
        Assert.Equal(1, flat.Setup.Pools[0].Config.MicroBatches);
        Assert.Equal(1024, flat.Setup.Pools[0].Config.MaxSequences);
        Assert.DoesNotContain(flat.Notes, n => n.Contains("micro-batches in flight", StringComparison.Ordinal));
    }

    [Fact]
    public void Pipeline_micro_batches_default_to_the_stage_count_and_shorten_a_compute_bound_iteration()
    {
        var scenario = ScenarioLoader.Load(RepoPaths.File("scenarios", "calibration", "mlperf-llama2-70b-server.yaml"), ["deployments.llama2-70b.pp=2", "deployments.llama2-70b.replicas=2"]);
        Assert.Equal(2, scenario.Deployments[0].PpMicroBatches);
        var single = ScenarioLoader.Load(RepoPaths.File("scenarios", "calibration", "mlperf-llama2-70b-server.yaml"),
            ["deployments.llama2-70b.pp=2", "deployments.llama2-70b.replicas=2", "deployments.llama2-70b.pp_micro_batches=1"]);
        Assert.Equal(1, single.Deployments[0].PpMicroBatches);

        // By hand: p = 2 stages, a compute-bound prefill of 8,192 tokens. One micro-batch: 2 stage times of the whole
        // batch (a full bubble). Two, pipelined without a break as the engines run them: 2 stage times of half the batch,
        // each re-reading its stage's weights: (2 x (C/2 + W)) / (2 x (C + W)) with C the stage's arithmetic and W its
        // weight stream (GPipe's fill and drain per iteration would make it 3 stage times).
        IterationCost Predict(int m) => new RooflineExecutionModel(new ExecutionModelContext
        {
            Deployment = new Deployment
            {
                Model = ReferenceModels.Llama2_70B, Accelerator = ReferenceAccelerators.H100Sxm, PipelineParallel = 2,
                PipelineMicroBatches = m, WeightPrecision = Precision.Fp8, KvCachePrecision = Precision.Fp8,
            },
            Efficiency = new EfficiencyParams { ComputeEfficiency = 0.5, MemoryEfficiency = 0.8 },
        }).Predict(IterationShape.Prefill(8, 1024));
        var c = 2 * 68.98e9 / 2 * 8192 / (1978.9e12 * 0.5);
        var w = 68.98e9 / 2 / (3.35e12 * 0.8);
        var expected = 2 * (c / 2 + w) / (2 * (c + w));
        Assert.InRange(Predict(2).Seconds / Predict(1).Seconds, expected - 0.03, expected + 0.03);
        Assert.Equal(0.5, Predict(1).BubbleFraction, 1e-12);
        Assert.Equal(0, Predict(2).BubbleFraction, 1e-12);
    }
}

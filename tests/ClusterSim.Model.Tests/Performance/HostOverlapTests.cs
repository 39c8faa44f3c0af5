using ClusterSim.Model.Hardware;
using ClusterSim.Model.Performance;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using Precision = ClusterSim.Scenarios.Precision;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>
/// An overlap scheduler runs the host's per-iteration work beside the device's (EfficiencyParams.HostOverlap): a step
/// takes the serial share of the host time plus the longer of the overlapped share and the device's work, checked here
/// against the two parts priced on their own.
/// </summary>
public sealed class HostOverlapTests
{
    private static readonly Deployment Llama8B = new()
    {
        Model = ReferenceModels.Llama31_8B, Accelerator = ReferenceAccelerators.H100Sxm, TensorParallel = 1,
        WeightPrecision = Precision.Fp8, KvCachePrecision = Precision.Fp8,
    };

    private static double Step(EfficiencyParams e, in IterationShape shape)
        => new RooflineExecutionModel(new ExecutionModelContext { Deployment = Llama8B, Efficiency = e }).Predict(shape).Seconds;

    [Theory]
    [InlineData(1, 1)]          // one sequence: the 3.7 ms of host time outlasts a ~3.5 ms device step
    [InlineData(64, 600)]
    [InlineData(512, 2_000)]    // a long decode step: the device outlasts the host
    [InlineData(0, 0, 4096)]    // a prefill
    public void A_fully_overlapped_host_makes_a_step_the_longer_of_host_and_device(int sequences, int context, int prefill = 0)
    {
        var fitted = EfficiencyCatalog.Default.Resolve("h100-sxm", "trtllm-fp8");
        var host = fitted.IterationOverheadSeconds + (fitted.SequenceOverheadSeconds * sequences);
        var shape = prefill > 0 ? IterationShape.Prefill(1, prefill) : IterationShape.Decode(sequences, sequences * context);
        var device = Step(fitted with { IterationOverheadSeconds = 0, SequenceOverheadSeconds = 0 }, shape);

        Assert.Equal(host + device, Step(fitted, shape), 12);
        Assert.Equal(Math.Max(host, device), Step(fitted with { HostOverlap = 1 }, shape), 12);
        Assert.Equal((0.5 * host) + Math.Max(0.5 * host, device), Step(fitted with { HostOverlap = 0.5 }, shape), 12);
    }

    [Fact]
    public void The_PyTorch_backend_stack_is_the_fp8_stack_with_its_host_time_overlapped()
    {
        var fp8 = EfficiencyCatalog.Default.Resolve("h100-sxm", TrtllmCalibration.Fp8Stack);
        var pytorch = EfficiencyCatalog.Default.Resolve("h100-sxm", TrtllmCalibration.PyTorchFp8Stack);
        Assert.Equal(fp8 with { Stack = pytorch.Stack, FittedOn = pytorch.FittedOn, HostOverlap = 1 }, pytorch);

        // A short decode step, where the 3.7 ms matter: faster by the host time the device hides.
        var shape = IterationShape.Decode(256, 256 * 1_000);
        var inSeries = Step(fp8, shape);
        var overlapped = Step(pytorch, shape);
        Assert.Equal(inSeries - Math.Min(fp8.IterationOverheadSeconds, inSeries - fp8.IterationOverheadSeconds), overlapped, 12);
    }

    [Fact]
    public void A_host_overlap_outside_zero_to_one_is_refused_where_it_is_written()
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(
            RepoPaths.File("scenarios", "validation", "trtllm-pytorch-llama31-8b-h100.yaml"), ["execution_model.host_overlap=1.5"]));
        Assert.Contains("host_overlap", error.Message);
        Assert.Contains("1:30: execution_model.host_overlap: must be at most 1, got 1.5", error.Message);
        var misspelt = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(
            RepoPaths.File("scenarios", "validation", "trtllm-pytorch-llama31-8b-h100.yaml"), ["execution_model.host_overlapp=1"]));
        Assert.Contains("did you mean 'host_overlap'?", misspelt.Message);

        var entry = EfficiencyCatalog.Default.Resolve("h100-sxm", "trtllm-fp8") with { HostOverlap = -0.1 };
        Assert.Contains("host_overlap must be in [0, 1]", Assert.Throws<ArgumentException>(entry.Validate).Message);
    }

    [Fact]
    public void A_run_with_an_overlapped_host_says_so_in_its_notes()
    {
        var compiled = ScenarioCompiler.Compile(ScenarioLoader.Load(RepoPaths.File("scenarios", "validation", "trtllm-pytorch-llama31-8b-h100.yaml"), []));
        Assert.Contains(compiled.Notes, n => n.Contains("100 % of it runs while the device computes (overlap scheduler)", StringComparison.Ordinal));
        Assert.Equal("h100-sxm/trtllm-pytorch-fp8", Assert.Single(compiled.Setup.Execution).Entry);
    }
}

using ClusterSim.Model.Performance;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using Precision = ClusterSim.Scenarios.Precision;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>
/// The roofline's price of one MoE layer's routed-expert module in NVFP4 on one rank, with the stack TensorRT-LLM's
/// Blackwell rows run (trtllm-pytorch-fp8 moved to the part's FP4 arithmetic), read from the roofline's own step: the
/// expert GEMMs and the touched experts' weights a MoE layer streams (the step's weight stream less the weights every
/// pass reads), the experts' outputs written and read back (2 x k x hidden in bf16 a token), and three GEMM launches
/// (router, FC1, FC2). Shared by the kernel checks that hold published module timings against it.
/// </summary>
internal static class Nvfp4MoeModulePrice
{
    /// <summary>Seconds for <paramref name="tokens"/> tokens into the module of <paramref name="model"/> on <paramref name="accelerator"/>.</summary>
    public static double Seconds(LlmArchitecture model, string accelerator, int tensorParallel, int tokens)
    {
        var node = new NodeSpec("node", 1, accelerator, 8, null, null, null, null, null);
        var deployment = new Deployment
        {
            Model = model, Accelerator = ScenarioCompiler.ToAccelerator(Catalog.Default.FindAccelerator(accelerator)!, node),
            WeightPrecision = Precision.Fp4, TensorParallel = tensorParallel, AcceleratorsPerNode = 8,
        };
        var e = EfficiencyCatalog.Default.Resolve(accelerator, "trtllm-pytorch-fp8", Catalog.Default.FindAccelerator, Precision.Fp4);
        var roofline = (IStepBreakdown)ExecutionModels.Create(ExecutionModels.RooflineName, new ExecutionModelContext { Deployment = deployment, Efficiency = e });
        var step = roofline.Breakdown(IterationShape.Decode(tokens, tokens));
        var work = new WorkModel(deployment);
        var bandwidth = work.BytesPerSecond * e.MemoryEfficiency;
        var layers = (double)model.MoeLayers;
        return 3 * e.GemmLaunchSeconds
               + step.ExpertGemmSeconds / layers
               + (step.WeightStreamSeconds - work.AlwaysWeightBytes / bandwidth) / layers
               + work.ExpertOutputBytes(tokens) / layers / bandwidth;
    }
}

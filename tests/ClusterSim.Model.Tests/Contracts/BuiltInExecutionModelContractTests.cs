using ClusterSim.Model.Hardware;
using ClusterSim.Model.Performance;
using ClusterSim.Model.Tests.Performance;
using Precision = ClusterSim.Scenarios.Precision;

namespace ClusterSim.Model.Tests.Contracts;

/// <summary>Both built-in execution models meet the execution-model contract (the profile on its measured Llama2-70B rows).</summary>
public sealed class BuiltInExecutionModelContractTests : ExecutionModelContract
{
    private static readonly SplitwiseProfile Profile = SplitwiseProfile.Load(RepoFiles.SplitwiseProfile);

    protected override IEnumerable<IExecutionModel> Create()
    {
        yield return ExecutionModels.Create("roofline", new ExecutionModelContext
        {
            Deployment = new Deployment { Model = ReferenceModels.Llama31_8B, Accelerator = ReferenceAccelerators.H100Sxm },
            Efficiency = new EfficiencyParams { ComputeEfficiency = 0.5, MemoryEfficiency = 0.8 },
        });
        yield return ExecutionModels.Create("profile", new ExecutionModelContext
        {
            Deployment = new Deployment
            {
                Model = ReferenceModels.Llama2_70B, Accelerator = ReferenceAccelerators.H100Sxm, TensorParallel = 8,
                WeightPrecision = Precision.Fp16, KvCachePrecision = Precision.Fp16, ActivationPrecision = Precision.Fp16,
            },
            Profile = Profile,
            ProfileHardware = "h100-80gb",
        });
    }

    /// <summary>
    /// The Splitwise rows themselves dip: on 8x H100, Llama2-70B, a 256-token prefill measures about 5 % faster than a
    /// 64-token one (0.0525 s against 0.0553 s), and the profile interpolates what was measured.
    /// </summary>
    protected override double Tolerance(IExecutionModel model) => model.Name == "profile" ? 0.06 : 0;

    [Fact]
    public void Every_catalog_model_is_checked()
        => Assert.Equal(ExecutionModels.Names.Take(2), Create().Select(m => m.Name));
}

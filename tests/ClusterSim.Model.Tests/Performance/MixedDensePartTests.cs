using ClusterSim.Model.Hardware;
using ClusterSim.Model.Performance;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>
/// A checkpoint that quantises only its routed experts (`mixed_weights: {precision, part: dense}`: gpt-oss's MXFP4
/// experts beside BF16 attention, NVIDIA's DeepSeek-R1 NVFP4 experts beside FP8 attention) keeps every layer outside the
/// experts at the second precision: its share follows from the architecture, the dense GEMMs run wholly at the second
/// precision's rate and read its bytes, the experts at the main format's.
/// </summary>
public sealed class MixedDensePartTests
{
    private static string Yaml(string model, string mixed, string accelerator = "b200", string compute = "")
        => MixedCheckpointScenario.Yaml($"{{from: {model}, weight_precision: fp4, kv_precision: fp8{compute}, mixed_weights: {mixed}}}", accelerator);

    [Fact]
    public void The_share_is_the_layers_outside_the_routed_experts_and_the_weights_are_stored_by_part()
    {
        var model = (LlmModelSpec)ScenarioLoader.Parse(Yaml("gpt-oss-20b", "{precision: bf16, part: dense}"), "dense.yaml").Model("m");
        var mixed = Assert.IsType<MixedWeights>(model.Mixed);
        Assert.True(mixed.DenseOnly);

        // gpt-oss-20b by its fields: 20.91 B, 2 x 201,088 x 2,880 in the vocab tables, 24 x 32 experts of 3 x 2,880^2.
        var tables = 2.0 * 201_088 * 2_880;
        var routed = 24.0 * 32 * 3 * 2_880 * 2_880;
        var layers = 20.91e9 - tables;
        Assert.Equal((layers - routed) / layers, mixed.Share, 12);
        Assert.Equal((layers - routed) * 2 + routed * (0.5 + 1.0 / 16) + tables * 2, model.WeightBytes, 1.0);
    }

    [Fact]
    public void Dense_gemms_run_wholly_at_the_second_precision_and_the_experts_at_the_main_one()
    {
        // On a B200 with the experts multiplied in fp8 (compute_precision) and the dense layers in bf16: the dense GEMMs
        // take the bf16 over fp8 time for every FLOP, the experts none of it; spread over every GEMM the same share would
        // slow both by only (1 - s) + s x that ratio.
        var dense = Work("{precision: bf16, part: dense}");
        var share = dense.Deployment.MixedWeights!.Share;
        var spread = Work($"{{precision: bf16, share: {share.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}}}");
        var slowdown = dense.Deployment.MixedSlowdown;
        Assert.True(slowdown > 1.5, $"bf16 beside fp8 on a B200 should take about twice as long a FLOP: {slowdown}");
        Assert.Equal(slowdown, dense.Work.DenseMixedFactor, 12);
        Assert.Equal(1, dense.Work.ExpertMixedFactor, 12);
        Assert.Equal(1 - share + (share * slowdown), spread.Work.DenseMixedFactor, 12);
        Assert.Equal(spread.Work.DenseMixedFactor, spread.Work.ExpertMixedFactor, 12);

        // Bytes: one expert's weights at fp4's stored size, the dense layers' at bf16's.
        var expertBytes = 3.0 * 2_880 * 2_880 * 24 * (0.5 + 1.0 / 16);
        Assert.Equal(expertBytes, dense.Work.ExpertWeightBytes(1), 1.0);

        // Read every step: the layers outside the routed experts at bf16 and the output table (bf16 beside fp4 layers),
        // where the spread share read them at the mixed average of the two formats.
        var table = 201_088.0 * 2_880;
        var layersOutside = 20.91e9 - (24.0 * 32 * 3 * 2_880 * 2_880) - (2 * table);
        Assert.Equal((layersOutside * 2) + (table * 2), dense.Work.AlwaysWeightBytes, 1.0);
        Assert.Equal((layersOutside * ((1 - share) * (0.5 + 1.0 / 16) + share * 2)) + (table * 2), spread.Work.AlwaysWeightBytes, 1.0);
    }

    private static (Deployment Deployment, WorkModel Work) Work(string mixed)
    {
        var compiled = ScenarioCompiler.Compile(ScenarioLoader.Parse(Yaml("gpt-oss-20b", mixed, compute: ", compute_precision: fp8"), "dense.yaml"));
        var model = ((ExecutionModelTimer)compiled.Setup.Pools[0].Timer).Model;
        var deployment = ((RooflineExecutionModel)model).Deployment;
        return (deployment, new WorkModel(deployment));
    }

    [Theory]
    [InlineData("llama-3.1-8b", "{precision: bf16, part: dense}", "part: dense needs a mixture of experts (moe)")]
    [InlineData("gpt-oss-20b", "{precision: bf16, part: dense, share: 0.1}", "part: dense takes its share from the architecture")]
    [InlineData("gpt-oss-20b", "{precision: bf16}", "needs one of 'share' or 'effective_bits' (or part: dense")]
    [InlineData("gpt-oss-20b", "{precision: bf16, part: dens}", "did you mean 'dense'?")]
    public void A_mix_that_cannot_be_priced_is_refused_where_it_is_written(string model, string mixed, string expected)
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Yaml(model, mixed), "dense.yaml"));
        Assert.Contains(error.Errors, e => e.File == "dense.yaml" && e.Message.Contains(expected, StringComparison.Ordinal));
    }
}

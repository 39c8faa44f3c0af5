using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>
/// How the compiler prices a mixed checkpoint's second share (<see cref="MixedWeights"/>): at the accelerator's measured
/// matmul rates where it has both, at its peaks otherwise, and weight-only int4 at the activations' precision; the run
/// says which.
/// </summary>
public sealed class MixedWeightsCompileTests
{
    private static string Yaml(string accelerator, string weights, string second)
        => MixedCheckpointScenario.Yaml($"{{from: llama-3.1-8b, weight_precision: {weights}, kv_precision: fp8, mixed_weights: {{precision: {second}, share: 0.2}}}}", accelerator);

    [Fact]
    public void A_predictor_that_does_not_price_the_mix_says_so_and_only_its_bytes_count()
    {
        // A custom predictor (a fixed time per token) knows nothing of the second share: the run must not claim its GEMMs
        // were priced, and the weights it holds still count at the mixed size: 0.8 x 1 + 0.2 x 2 bytes per layer weight.
        var yaml = Yaml("h100-sxm", "fp8", "bf16") + "\nexecution_model: {name: ClusterSim.Model.Tests.Performance.ConstantPredictor, ms_per_token: 2}\n";
        var compiled = ScenarioCompiler.Compile(ScenarioLoader.Parse(yaml, "mixed.yaml"));
        Assert.DoesNotContain(compiled.Notes, n => n.Contains("times as long per FLOP", StringComparison.Ordinal));
        Assert.Contains(compiled.Notes, n => n.Contains("does not price mixed_weights' bf16 share", StringComparison.Ordinal));
        var model = (LlmModelSpec)ScenarioLoader.Parse(yaml, "mixed.yaml").Model("m");
        var tables = 2.0 * model.VocabSize * model.HiddenSize;
        Assert.Equal((model.ParamsB * 1e9 - tables) * 1.2 + tables * 2, model.WeightBytes, 1e-3);
    }

    private static (double Slowdown, IReadOnlyList<string> Notes) Compile(string accelerator, string weights, string second)
    {
        var compiled = ScenarioCompiler.Compile(ScenarioLoader.Parse(Yaml(accelerator, weights, second), "mixed.yaml"));
        var note = compiled.Notes.Single(n => n.Contains("of the layer weights stay", StringComparison.Ordinal));
        var slowdown = double.Parse(note[(note.IndexOf("take ", StringComparison.Ordinal) + 5)..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        return (slowdown, compiled.Notes);
    }

    [Fact]
    public void A_bf16_share_beside_fp8_on_an_h100_takes_its_measured_rate_ratio()
    {
        // H100: FP8 1,978.9 x 0.698 (Azure cuBLASLt) against BF16 989.4 x 0.803 (MAMF): 1.74 times as long per FLOP.
        var (slowdown, notes) = Compile("h100-sxm", "fp8", "bf16");
        Assert.Equal(1978.9 * 0.698 / (989.4 * 0.803), slowdown, 2);
        Assert.Contains(notes, n => n.Contains("20.0 % of the layer weights stay bf16 beside fp8", StringComparison.Ordinal)
                                    && n.Contains("h100-sxm's measured bf16 and fp8 matmul shares and peaks", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_measured_share_at_both_precisions_the_peaks_set_the_ratio_and_the_run_says_so()
    {
        // The RTX PRO 6000 has no measured FP8 or FP4 matmul share: FP8 GEMMs beside FP4 ones take the peaks' ratio, 2.
        var (slowdown, notes) = Compile("rtx-pro-6000", "fp4", "fp8");
        Assert.Equal(2.0, slowdown, 2);
        Assert.Contains(notes, n => n.Contains("the fp4 and fp8 peaks: no measured matmul share at both", StringComparison.Ordinal));
    }

    [Fact]
    public void A_share_taken_from_the_same_silicon_prices_the_mix_and_says_whose_it_is()
    {
        // The B200's FP4 share is its own (cuBLASLt NVFP4, 0.611 of 9,000), its FP8 one the GB200's (Azure cuBLASLt,
        // 0.595 of 4,500 here): 9,000 x 0.611 / (4,500 x 0.595) = 2.05 times as long per FLOP.
        var (slowdown, notes) = Compile("b200", "fp4", "fp8");
        Assert.Equal(9000 * 0.611 / (4500 * 0.595), slowdown, 2);
        Assert.Contains(notes, n => n.Contains("b200's measured fp8 (gb200's: the same silicon) and fp4 matmul shares and peaks", StringComparison.Ordinal));
    }

    [Fact]
    public void A_weight_only_int4_share_multiplies_at_the_activations_precision()
    {
        // An int4 share beside fp8 layers: W4A16 kernels multiply BF16 activations, so the share runs at the BF16 rate
        // (the same 1.74 as a BF16 share); stored at AWQ's 4.16 bits, it shrinks the weights.
        var (slowdown, notes) = Compile("h100-sxm", "fp8", "int4");
        Assert.Equal(1978.9 * 0.698 / (989.4 * 0.803), slowdown, 2);
        Assert.Contains(notes, n => n.Contains("stay int4 beside fp8", StringComparison.Ordinal) && n.Contains("0.904 bytes per layer weight", StringComparison.Ordinal));
    }
}

namespace ClusterSim.Scenarios.Tests;

/// <summary>What a tensor stored at a precision occupies: 4-bit formats carry their block scales.</summary>
public sealed class StoredPrecisionTests
{
    [Theory]
    // NVFP4: 16 values of 4 bits share one FP8 E4M3 scale -> (16 x 4 + 8) / 16 = 4.5 bits.
    [InlineData(Precision.Fp4, 4.5 / 8)]
    // OCP MXFP4 (MX specification v1.0): 32 values of 4 bits share one E8M0 scale -> (32 x 4 + 8) / 32 = 4.25 bits.
    [InlineData(Precision.Mxfp4, 4.25 / 8)]
    // AWQ / GPTQ int4: 128 values of 4 bits share an FP16 scale and a 4-bit zero point -> (128 x 4 + 16 + 4) / 128 bits.
    [InlineData(Precision.Int4, (128 * 4 + 16 + 4) / 128.0 / 8)]
    [InlineData(Precision.Fp8, 1.0)]
    [InlineData(Precision.Bf16, 2.0)]
    public void Stored_bytes_count_the_scales_a_block_format_keeps_beside_its_values(Precision precision, double bytes)
    {
        Assert.Equal(bytes, precision.StoredBytes(), 12);
        Assert.Equal(precision.Bytes() < 1, precision.StorageNote() is not null);
    }

    [Fact]
    public void An_fp4_model_holds_its_layers_as_nvfp4_and_its_vocab_tables_in_bf16()
    {
        var model = (LlmModelSpec)ScenarioLoader.Load(Path.Combine(Fixtures.Scenarios, "validation", "trtllm-pytorch-llama33-70b-b200.yaml")).Model("m");
        var tables = 2.0 * model.VocabSize * model.HiddenSize;
        Assert.Equal((model.ParamsB * 1e9 - tables) * 4.5 / 8 + tables * 2, model.WeightBytes, 1e-3);
        Assert.True(model.SixteenBitVocabTables);
    }
}

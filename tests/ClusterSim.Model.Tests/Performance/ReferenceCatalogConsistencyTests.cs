using ClusterSim.Model.Hardware;
using ClusterSim.Model.Performance;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>
/// The reference models and accelerators calibration uses without the catalog are copies of catalog entries:
/// they must not drift from them (each side cites its own source, so a difference means one of them is wrong).
/// </summary>
public sealed class ReferenceCatalogConsistencyTests
{
    // BLOOM-176B is only a calibration reference (Splitwise measured it); the catalog does not offer it.
    public static TheoryData<string> ModelKeys() => ["llama-2-70b", "llama-3.1-8b", "llama-3.1-70b"];

    [Theory]
    [MemberData(nameof(ModelKeys))]
    public void Reference_model_equals_its_catalog_entry(string key)
    {
        var reference = new[] { ReferenceModels.Llama2_70B, ReferenceModels.Llama31_8B, ReferenceModels.Llama31_70B }
            .Single(m => m.Key == key);
        var catalog = ScenarioCompiler.ToArchitecture((LlmModelSpec)(Catalog.Default.FindModel(key) ?? throw new InvalidOperationException($"no catalog model {key}")));

        Assert.Equal(catalog.Layers, reference.Layers);
        Assert.Equal(catalog.HiddenSize, reference.HiddenSize);
        Assert.Equal(catalog.Heads, reference.Heads);
        Assert.Equal(catalog.EffectiveKvHeads, reference.EffectiveKvHeads);
        Assert.Equal(catalog.EffectiveHeadDim, reference.EffectiveHeadDim);
        Assert.Equal(catalog.FfnSize, reference.FfnSize);
        Assert.Equal(catalog.VocabSize, reference.VocabSize);
        Assert.Equal(catalog.TiedEmbeddings, reference.TiedEmbeddings);
        Assert.Equal(catalog.ParamsB, reference.ParamsB, 2);
    }

    [Theory]
    [InlineData("h100-sxm")]
    [InlineData("a100-80gb-sxm")]
    [InlineData("h200-sxm")]
    public void Reference_accelerator_equals_its_catalog_entry(string key)
    {
        var reference = new[] { ReferenceAccelerators.H100Sxm, ReferenceAccelerators.A100Sxm80, ReferenceAccelerators.H200Sxm }.Single(a => a.Key == key);
        var spec = Catalog.Default.FindAccelerator(key) ?? throw new InvalidOperationException($"no catalog accelerator {key}");

        Assert.Equal(spec.HbmGb, reference.HbmGb);
        Assert.Equal(spec.HbmBandwidthGbs, reference.HbmBandwidthGbs);
        Assert.Equal(spec.TdpW, reference.TdpW);
        Assert.Equal(spec.IdleW, reference.IdleW);
        foreach (var (precision, tflops) in reference.Tflops)
        {
            Assert.Equal(tflops, spec.Tflops[Enum.Parse<ClusterSim.Scenarios.Precision>(precision.ToString())]);
        }

        // The scale-out link is the reference's own (a DGX's ConnectX-7 per GPU): catalog accelerators have none, the
        // network belongs to the node group in a scenario.
    }
}

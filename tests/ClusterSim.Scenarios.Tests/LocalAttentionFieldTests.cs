namespace ClusterSim.Scenarios.Tests;

/// <summary>
/// A model's `local_attention` (layers attending within a window or a chunk) and `compute_precision` bind to the spec, and
/// a wrong one is refused where it is written, with what was expected.
/// </summary>
public sealed class LocalAttentionFieldTests
{
    private static readonly string Yaml = MalformedCases.Base.Replace("model: small-llm", "model: m");

    private static string[] Sets(params string[] more) => ["models.m={from: small-llm}", .. more];

    private static LlmModelSpec Model(params string[] sets)
        => (LlmModelSpec)ScenarioLoader.Parse(Yaml, "test.yaml", MalformedCases.Folder, Sets(sets), Fixtures.Catalog).Models.Single(m => m.Key == "m");

    [Fact]
    public void Local_attention_binds_with_its_layers_defaulting_to_all()
    {
        Assert.Equal(new LocalAttentionSpec("sliding", 4096, 32), Model("models.m.local_attention={kind: sliding, window: 4096}").LocalAttention);
        Assert.Equal(new LocalAttentionSpec("chunked", 8192, 24), Model("models.m.local_attention={kind: chunked, window: 8192, layers: 24}").LocalAttention);
        Assert.Null(Model().LocalAttention);
    }

    [Fact]
    public void Compute_precision_binds_and_is_absent_by_default()
    {
        Assert.Equal(Precision.Fp8, Model("models.m.weight_precision=fp4", "models.m.compute_precision=fp8").ComputePrecision);
        Assert.Null(Model().ComputePrecision);
    }

    [Theory]
    [InlineData("models.m.local_attention={kind: sliding, window: 128, layers: 40}", "models.m.local_attention.layers: layers 40 is more than the model's 32")]
    [InlineData("models.m.local_attention={kind: slidng, window: 128}", "models.m.local_attention.kind: 'slidng' is not one of sliding, chunked; did you mean 'sliding'?")]
    [InlineData("models.m.local_attention={kind: sliding, window: 0}", "models.m.local_attention.window")]
    [InlineData("models.m.compute_precision=fp88", "models.m.compute_precision: 'fp88' is not one of fp32, fp16, bf16, fp8, int8, int4, fp4, mxfp4; did you mean 'fp8'?")]
    public void A_wrong_value_is_refused_where_it_is_written(string set, string expected)
    {
        var error = Assert.Single(Fixtures.Errors(Yaml, MalformedCases.Folder, Sets(set)));
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.StartsWith("--set " + set, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Local_kv_window_binds_for_a_model_with_local_layers_and_is_refused_for_one_without()
    {
        var windowed = ScenarioLoader.Parse(Yaml, "test.yaml", MalformedCases.Folder,
            Sets("models.m.local_attention={kind: sliding, window: 128, layers: 16}", "deployments.serve.local_kv=window"), Fixtures.Catalog);
        Assert.True(windowed.Deployments.Single().LocalKvWindow);
        var plain = ScenarioLoader.Parse(Yaml, "test.yaml", MalformedCases.Folder, Sets("models.m.local_attention={kind: sliding, window: 128, layers: 16}"), Fixtures.Catalog);
        Assert.False(plain.Deployments.Single().LocalKvWindow);

        var error = Assert.Single(Fixtures.Errors(Yaml, MalformedCases.Folder, Sets("deployments.serve.local_kv=window")));
        Assert.Contains("local_kv: window frees what a local-attention layer's window has passed, but 'm' has no local_attention", error, StringComparison.Ordinal);
    }
}

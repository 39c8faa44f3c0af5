namespace ClusterSim.Scenarios.Tests;

/// <summary>
/// The architecture fields of an llm model are cross-checked against its parameter count, its heads and the
/// tensor-parallel degree it is deployed at, so a model whose fields describe something else is refused where written.
/// </summary>
public sealed class ModelArchitectureTests
{
    /// <summary>A full llm model definition in a scenario; lines 14 onwards, so errors have fixed positions.</summary>
    private static string Scenario(string model, int tp = 2) => MalformedCases.Base
        .Replace("model: small-llm", "model: m")
        .Replace("    tp: 2\n    replicas: 4\n", $"    tp: {tp}\n    replicas: 1\n")
        .Replace("run:\n", "models:\n  m:\n" + string.Join("", model.Split('\n').Select(l => "    " + l + "\n")) + "run:\n");

    /// <summary>CodeLlama-34B (codellama/CodeLlama-34b-hf config.json): 33.74 B parameters by its fields.</summary>
    private const string CodeLlama34B = """
        kind: llm
        params_b: 33.74
        layers: 48
        hidden_size: 8192
        heads: 64
        kv_heads: 8
        ffn_size: 22016
        vocab_size: 32000
        max_context: 16384
        """;

    private static Scenario Load(string yaml) => ScenarioLoader.Parse(yaml, "test.yaml", MalformedCases.Folder, null, Fixtures.Catalog);

    private static LlmModelSpec Model(string yaml) => (LlmModelSpec)Load(yaml).Models.Single(m => m.Key == "m");

    // The exact counts the catalog's comments give, each worked out by hand from the model's published config.json
    // (Llama 2 70B 68,976,648,192; Mixtral 46,702,792,704 with 12,879,925,248 active; DeepSeek-V3 671,026,404,352 with
    // 37.55 B active counting the embedding and output tables). Qwen2.5 and GPT-J have biases the fields cannot express,
    // so their rows give the count without them: Qwen2.5-7B 7,615,616,512 less its q/k/v biases (28 x 4,608), Qwen2.5-72B
    // 72,706,203,648 less 80 x 10,240, Qwen3-235B-A22B 235,093,634,560 (22,190,763,520 active) less its q/k norms (94 x 256), GPT-J 6,050,882,784 (Hugging Face checkpoint) less fc_in, fc_out, lm_head and ln_f biases
    // (627,936), with one two-vector LayerNorm per layer standing for the two norms the formula counts. gpt-oss-120b
    // 116,829,156,672 and gpt-oss-20b 20,914,757,184 (the model card's 116.8B and 20.9B) less their attention, expert and
    // router biases and attention sinks (120b: 36 x 8,000 + 128 x 36 x 8,640 + 36 x 128 + 36 x 64; 20b: the same over 24
    // layers and 32 experts); active: 4 experts a token with everything else, both vocab tables counted. Qwen3 8B and 32B
    // less their q/k norms (36 x 256, 64 x 256); Gemma 3 27B (language model, tied table) less the two further norms
    // per layer and the q/k norms (62 x (2 x 5,376 + 256)); Qwen2.5-32B and its R1 distill less q/k/v biases (64 x 7,168),
    // 32,763,876,352 being Hugging Face's own safetensors total for the distill. Mixtral 8x22B 140,630,071,296 with
    // 39,161,468,928 active (Mistral AI's 141B and 39B; the Instruct model's 32,768-entry vocab); Llama 3.2 1B
    // 1,235,814,400 and 3B 3,212,749,824 (tied tables; the model card's 1.23B and 3.21B); Qwen2.5-14B 14,770,033,664
    // (the card's 14.7B) less its q/k/v biases (48 x 7,168); Qwen3-14B 14,768,307,200 (the card's 14.8B) less its q/k
    // norms (40 x 256).
    [Theory]
    [InlineData("llama-2-7b", 6_738_415_616, 6_738_415_616)]
    [InlineData("llama-2-13b", 13_015_864_320, 13_015_864_320)]
    [InlineData("llama-2-70b", 68_976_648_192, 68_976_648_192)]
    [InlineData("codellama-34b", 33_743_970_304, 33_743_970_304)]
    [InlineData("llama-3.1-8b", 8_030_261_248, 8_030_261_248)]
    [InlineData("llama-3.1-70b", 70_553_706_496, 70_553_706_496)]
    [InlineData("llama-3.1-405b", 405_853_388_800, 405_853_388_800)]
    [InlineData("llama-3.3-70b", 70_553_706_496, 70_553_706_496)]
    [InlineData("mistral-7b", 7_241_732_096, 7_241_732_096)]
    [InlineData("mixtral-8x7b", 46_702_792_704, 12_879_925_248)]
    [InlineData("qwen2.5-7b", 7_615_616_512 - 129_024, 7_615_616_512 - 129_024)]
    [InlineData("qwen2.5-72b", 72_706_203_648 - 819_200, 72_706_203_648 - 819_200)]
    [InlineData("llama-4-scout", 107_769_861_120, 17_172_894_720)]
    [InlineData("llama-4-maverick", 400_711_848_960, 17_184_691_200)]
    [InlineData("qwen3-235b-a22b", 235_093_634_560 - 24_064, 22_190_763_520 - 24_064)]
    [InlineData("qwen3-30b-a3b", 30_532_122_624 - 12_288, 3_353_032_704 - 12_288)]
    [InlineData("deepseek-v3", 671_026_404_352, 37_552_282_624)]
    [InlineData("deepseek-r1", 671_026_404_352, 37_552_282_624)]
    [InlineData("gpt-j-6b", 6_050_882_784 - 627_936, 6_050_882_784 - 627_936)]
    [InlineData("gpt-oss-120b", 116_829_156_672 - 40_108_032, 5_710_443_840)]
    [InlineData("gpt-oss-20b", 20_914_757_184 - 6_829_824, 4_186_416_960)]
    [InlineData("qwen3-8b", 8_190_735_360 - 9_216, 8_190_735_360 - 9_216)]
    [InlineData("qwen3-32b", 32_762_123_264 - 16_384, 32_762_123_264 - 16_384)]
    [InlineData("gemma-3-27b", 27_009_346_304 - 682_496, 27_009_346_304 - 682_496)]
    [InlineData("mistral-small-24b", 23_572_403_200, 23_572_403_200)]
    [InlineData("phi-4", 14_659_507_200, 14_659_507_200)]
    [InlineData("qwen2.5-32b", 32_763_876_352 - 458_752, 32_763_876_352 - 458_752)]
    [InlineData("deepseek-r1-distill-qwen-32b", 32_763_876_352 - 458_752, 32_763_876_352 - 458_752)]
    [InlineData("deepseek-r1-distill-llama-70b", 70_553_706_496, 70_553_706_496)]
    [InlineData("mixtral-8x22b", 140_630_071_296, 39_161_468_928)]
    [InlineData("llama-3.2-1b", 1_235_814_400, 1_235_814_400)]
    [InlineData("llama-3.2-3b", 3_212_749_824, 3_212_749_824)]
    [InlineData("qwen2.5-14b", 14_770_033_664 - 344_064, 14_770_033_664 - 344_064)]
    [InlineData("qwen3-14b", 14_768_307_200 - 10_240, 14_768_307_200 - 10_240)]
    public void Shipped_models_derive_their_published_parameter_counts(string key, double total, double active)
    {
        var model = (LlmModelSpec)Catalog.Default.FindModel(key)!;
        Assert.Equal(total / 1e9, model.DerivedParamsB, 6);
        Assert.Equal(active / 1e9, model.DerivedActiveParamsB, 6);
    }

    // The rounded figures the vendors publish for the models added 2026-12-06 (Mistral AI's announcement, the model cards),
    // each within 1 % of the derived count (at most 0.5 %; the loader allows 3 %): the fields describe the published model.
    [Theory]
    [InlineData("mixtral-8x22b", 141, 39)]
    [InlineData("llama-3.2-1b", 1.23, 1.23)]
    [InlineData("llama-3.2-3b", 3.21, 3.21)]
    [InlineData("qwen2.5-14b", 14.7, 14.7)]
    [InlineData("qwen3-14b", 14.8, 14.8)]
    public void Published_counts_of_the_added_models_are_within_the_tolerance_of_their_architecture(string key, double publishedB, double publishedActiveB)
    {
        var model = (LlmModelSpec)Catalog.Default.FindModel(key)!;
        Assert.InRange(Math.Abs(publishedB - model.DerivedParamsB) / model.DerivedParamsB, 0, 0.01);
        Assert.InRange(Math.Abs(publishedActiveB - model.DerivedActiveParamsB) / model.DerivedActiveParamsB, 0, 0.01);
    }

    [Fact]
    public void Every_shipped_llm_model_is_within_the_tolerance_of_its_architecture()
    {
        var llms = Catalog.Default.Models.OfType<LlmModelSpec>().ToList();
        Assert.NotEmpty(llms);
        Assert.All(llms, m => Assert.InRange(Math.Abs(m.ParamsB - m.DerivedParamsB) / m.DerivedParamsB, 0, 0.03));
        Assert.All(llms, m => Assert.InRange(Math.Abs(m.ActiveParamsB - m.DerivedActiveParamsB) / m.DerivedActiveParamsB, 0, 0.03));
    }

    [Fact]
    public void Params_b_far_from_the_architecture_is_a_located_error_naming_both_figures()
    {
        var errors = Fixtures.Errors(Scenario(CodeLlama34B.Replace("params_b: 33.74", "params_b: 70")));
        Assert.Equal(
            "21:15: models.m.params_b: params_b 70 is 107.4 % off the 33.74 B that the architecture gives (layers, hidden_size, heads, kv_heads, "
            + "head_dim, ffn_size, vocab_size, moe, mla, ffn_gating, embeddings); more than 3 % means the fields describe a different model: "
            + "correct params_b or the architecture",
            Assert.Single(errors));
    }

    [Fact]
    public void Params_b_within_three_percent_is_accepted()
    {
        // 33.74 x 1.029 and x 0.971: rounded published figures are this far off at most.
        Assert.Empty(Fixtures.Errors(Scenario(CodeLlama34B.Replace("params_b: 33.74", "params_b: 34.71"))));
        Assert.Empty(Fixtures.Errors(Scenario(CodeLlama34B.Replace("params_b: 33.74", "params_b: 32.77"))));
        Assert.Single(Fixtures.Errors(Scenario(CodeLlama34B.Replace("params_b: 33.74", "params_b: 34.8"))));
    }

    [Fact]
    public void Head_dim_defaults_to_hidden_size_over_heads()
    {
        var model = Model(Scenario(CodeLlama34B));
        Assert.Equal(128, model.HeadDim);

        // 2 (K and V) x 48 layers x 8 KV heads x 128 x 2 bytes (bf16).
        Assert.Equal(2.0 * 48 * 8 * 128 * 2, model.KvBytesPerToken);
    }

    [Fact]
    public void Head_dim_cannot_be_derived_from_a_width_the_heads_do_not_divide()
    {
        var errors = Fixtures.Errors(Scenario(CodeLlama34B.Replace("hidden_size: 8192", "hidden_size: 8100")));
        Assert.Equal("23:18: models.m.hidden_size: head_dim is not given and hidden_size 8100 is not a multiple of heads 64, "
            + "so it cannot be derived as hidden_size / heads; give head_dim", Assert.Single(errors));
    }

    [Fact]
    public void An_explicit_head_dim_need_not_be_hidden_size_over_heads()
    {
        // 64 heads of 160 on an 8192 model width: the projections grow, 35.56 B by hand.
        var model = Model(Scenario(CodeLlama34B.Replace("hidden_size: 8192", "hidden_size: 8192\nhead_dim: 160").Replace("params_b: 33.74", "params_b: 35.56")));
        Assert.Equal(160, model.HeadDim);
    }

    [Fact]
    public void Kv_heads_must_divide_heads()
    {
        var errors = Fixtures.Errors(Scenario(CodeLlama34B.Replace("kv_heads: 8", "kv_heads: 7")));
        Assert.Equal("25:15: models.m.kv_heads: kv_heads 7 does not divide heads 64: grouped-query attention gives each key/value "
            + "head an equal group of query heads", Assert.Single(errors));
    }

    /// <summary>48 query heads and 6 key/value heads (groups of 8): 23.95 B with the other CodeLlama-34B fields.</summary>
    private static readonly string SixKvHeads = CodeLlama34B.Replace("heads: 64", "heads: 48").Replace("kv_heads: 8", "kv_heads: 6")
        .Replace("hidden_size: 8192", "hidden_size: 6144").Replace("params_b: 33.74", "params_b: 23.95");

    [Theory]
    [InlineData(4)]  // 1.5 key/value heads per accelerator
    [InlineData(8)]  // neither divides the other
    [InlineData(16)] // divides the 48 query heads, so only the key/value rule can refuse it
    public void Tp_that_splits_a_kv_head_is_a_located_error(int tp)
    {
        var errors = Fixtures.Errors(Scenario(SixKvHeads, tp));
        Assert.Equal($"16:9: deployments.serve.tp: tp {tp} and the 6 key/value heads of 'm' do not divide one another: each accelerator "
            + "must hold whole key/value heads (kv_heads a multiple of tp) or replicate one (tp a multiple of kv_heads)", Assert.Single(errors));
    }

    [Theory]
    [InlineData(2)]  // 3 key/value heads each
    [InlineData(3)]
    [InlineData(6)]  // 1 each
    [InlineData(12)] // each key/value head replicated on 2 accelerators
    public void Tp_dividing_or_divided_by_the_kv_heads_is_accepted(int tp)
        => Assert.Empty(Fixtures.Errors(Scenario(SixKvHeads, tp)));

    [Fact]
    public void Tied_embeddings_and_plain_ffn_change_the_derived_count()
    {
        // Llama 3.2 1B (meta-llama/Llama-3.2-1B config.json: tie_word_embeddings true): 1,235,814,400 parameters.
        const string llama1B = """
            kind: llm
            params_b: 1.24
            layers: 16
            hidden_size: 2048
            heads: 32
            kv_heads: 8
            head_dim: 64
            ffn_size: 8192
            vocab_size: 128256
            max_context: 131072
            embeddings: tied
            """;
        Assert.Equal(1.2358144, Model(Scenario(llama1B)).DerivedParamsB, 7);
        Assert.Contains("params_b 1.24 is 17.2 % off the 1.5 B", Assert.Single(Fixtures.Errors(Scenario(llama1B.Replace("embeddings: tied", "embeddings: untied")))));

        // OPT-style plain FFN: two matrices of hidden x ffn per layer instead of three.
        var plain = Model(Scenario(llama1B.Replace("embeddings: tied", "ffn_gating: plain").Replace("params_b: 1.24", "params_b: 1.23")));
        Assert.Equal(1.2358144 + 2048 * 128256 / 1e9 - 16 * 2048.0 * 8192 / 1e9, plain.DerivedParamsB, 7);
    }

    [Fact]
    public void Overriding_a_catalog_models_architecture_points_at_the_override()
    {
        // small-llm (8 B by its 32 layers) with 64 layers is about 14.5 B: its catalog params_b no longer fits.
        var yaml = MalformedCases.Base.Replace("model: small-llm", "model: deep").Replace("run:\n", "models:\n  deep: {from: small-llm, layers: 64}\nrun:\n");
        var error = Assert.Single(Fixtures.Errors(yaml));
        Assert.StartsWith("19:9: models.deep: params_b 8 is 46.7 % off the 15.01 B", error);
    }
}

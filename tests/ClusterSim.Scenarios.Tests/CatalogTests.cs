namespace ClusterSim.Scenarios.Tests;

public sealed class CatalogTests
{
    [Fact]
    public void The_shipped_catalog_has_the_twenty_five_accelerators_and_thirty_nine_models()
    {
        string[] accelerators =
            ["h100-sxm", "h200-sxm", "gh200", "b200", "gb200", "b300", "gb300", "a100-80gb-sxm", "v100-sxm2-32gb", "l40s", "l4", "mi300x", "mi325x", "mi355x", "mi350x", "h100-nvl", "h200-nvl", "h20", "rtx-pro-6000",
             "gaudi2", "gaudi3", "tpu-v5e", "tpu-v6e", "ascend-910b", "inferentia2"];
        string[] models =
            ["llama-2-7b", "llama-2-13b", "llama-2-70b", "codellama-34b", "llama-3.1-8b", "llama-3.1-70b", "llama-3.1-405b", "llama-3.2-1b", "llama-3.2-3b", "llama-3.3-70b", "mistral-7b", "mixtral-8x7b", "mixtral-8x22b",
             "qwen2.5-7b", "qwen2.5-14b", "qwen2.5-72b", "qwen3-235b-a22b", "qwen3-30b-a3b", "llama-4-scout", "llama-4-maverick", "deepseek-v3", "deepseek-r1", "gpt-oss-120b", "gpt-oss-20b", "qwen3-8b", "qwen3-14b", "qwen3-32b", "gemma-3-27b", "mistral-small-24b", "phi-4", "qwen2.5-32b", "deepseek-r1-distill-qwen-32b", "deepseek-r1-distill-llama-70b", "gpt-j-6b", "wan2.1-t2v-14b", "cogvideox-5b", "musetalk-1.5", "sdxl-base-1.0", "flux.1-dev"];
        Assert.Equal(accelerators.Order(StringComparer.Ordinal), Catalog.Default.Accelerators.Select(a => a.Key).Order(StringComparer.Ordinal));
        Assert.Equal(models.Order(StringComparer.Ordinal), Catalog.Default.Models.Select(m => m.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_catalog_entry_names_its_source_and_confidence()
    {
        Assert.All(Catalog.Default.Accelerators, a =>
        {
            Assert.False(string.IsNullOrWhiteSpace(a.Source), a.Key);
            Assert.NotEqual(Confidence.Unstated, a.Confidence);
        });
        Assert.All(Catalog.Default.Models, m =>
        {
            Assert.False(string.IsNullOrWhiteSpace(m.Source), m.Key);
            Assert.NotEqual(Confidence.Unstated, m.Confidence);
        });
    }

    [Theory]
    // Expected values: shared/data/hardware.md, accelerator table (dense BF16 TFLOPS, memory, bandwidth, TDP).
    [InlineData("h100-sxm", 989.4, 80, 3350, 700)]
    [InlineData("a100-80gb-sxm", 312, 80, 2039, 400)]
    [InlineData("mi300x", 1307.4, 192, 5300, 750)]
    [InlineData("gaudi3", 1835, 128, 3670, 900)]
    [InlineData("tpu-v5e", 197, 16, 819, 0)] // TDP not published: not compared
    public void Catalog_accelerator_figures_match_the_collected_hardware_facts(string key, double bf16, double hbmGb, double bandwidthGbs, double tdpW)
    {
        var a = Catalog.Default.FindAccelerator(key)!;
        Assert.Equal(bf16, a.Tflops[Precision.Bf16]);
        Assert.Equal(hbmGb, a.HbmGb);
        Assert.Equal(bandwidthGbs, a.HbmBandwidthGbs);
        if (tdpW > 0)
        {
            Assert.Equal(tdpW, a.TdpW);
        }
    }

    [Fact]
    public void Catalog_models_match_their_published_configurations()
    {
        // meta-llama/Llama-2-70b-hf config.json (also quoted in the execution-model issue).
        var l2 = (LlmModelSpec)Catalog.Default.FindModel("llama-2-70b")!;
        Assert.Equal((80, 8192, 64, 8, 28672, 32000), (l2.Layers, l2.HiddenSize, l2.Heads, l2.KvHeads, l2.FfnSize, l2.VocabSize));

        // meta-llama/Llama-3.1-8B config.json.
        var l8 = (LlmModelSpec)Catalog.Default.FindModel("llama-3.1-8b")!;
        Assert.Equal((32, 4096, 32, 8, 128, 14336, 128256), (l8.Layers, l8.HiddenSize, l8.Heads, l8.KvHeads, l8.HeadDim, l8.FfnSize, l8.VocabSize));

        // deepseek-ai/DeepSeek-V3 config.json: 61 layers, 256 routed experts, 8 per token, MLA rank 512 + rope 64.
        var ds = (LlmModelSpec)Catalog.Default.FindModel("deepseek-v3")!;
        Assert.Equal((61, 7168, 256, 8, 512, 64), (ds.Layers, ds.HiddenSize, ds.Moe!.Experts, ds.Moe.ActiveExperts, ds.Mla!.KvLoraRank, ds.Mla.QkRopeHeadDim));
    }

    [Theory]
    // Hugging Face config.json of each model, as the catalog entries cite them (each read against litgpt's copy in litgpt/config.py,
    // 2026-12-06: see their sources; the parameter totals in ModelArchitectureTests are the independent check): layers, hidden, heads, KV heads, head_dim,
    // FFN (each expert's for Mixtral), vocab, max_position_embeddings, tied embeddings.
    [InlineData("mixtral-8x22b", 56, 6144, 48, 8, 128, 16384, 32768, 65536, false)]
    [InlineData("llama-3.2-1b", 16, 2048, 32, 8, 64, 8192, 128256, 131072, true)]
    [InlineData("llama-3.2-3b", 28, 3072, 24, 8, 128, 8192, 128256, 131072, true)]
    [InlineData("qwen2.5-14b", 48, 5120, 40, 8, 128, 13824, 152064, 32768, false)]
    [InlineData("qwen3-14b", 40, 5120, 40, 8, 128, 17408, 151936, 40960, false)]
    public void Added_catalog_models_carry_their_config_fields(
        string key, int layers, int hidden, int heads, int kvHeads, int headDim, int ffn, int vocab, int context, bool tied)
    {
        var m = (LlmModelSpec)Catalog.Default.FindModel(key)!;
        Assert.Equal((layers, hidden, heads, kvHeads, headDim, ffn, vocab, context, tied),
            (m.Layers, m.HiddenSize, m.Heads, m.KvHeads, m.HeadDim, m.FfnSize, m.VocabSize, m.MaxContext, m.TiedEmbeddings));
    }

    [Fact]
    public void Mixtral_8x22b_routes_two_of_eight_experts_in_every_layer()
    {
        // mistralai/Mixtral-8x22B-Instruct-v0.1 config.json: num_local_experts 8, num_experts_per_tok 2, every layer MoE, no shared expert.
        var moe = ((LlmModelSpec)Catalog.Default.FindModel("mixtral-8x22b")!).Moe!;
        Assert.Equal((8, 2, 16384, 0, 0), (moe.Experts, moe.ActiveExperts, moe.ExpertFfnSize, moe.SharedExperts, moe.DenseLayers));
    }

    [Theory]
    // NVIDIA L4 datasheet (sparse tensor figures halved) and cloud.google.com/tpu/docs/v6e, as the catalog entries cite them:
    // dense BF16 TFLOPS, INT8 TOPS, memory, bandwidth, scale-up bidir GB/s, TDP (0: not published, an estimate).
    [InlineData("l4", 121, 242.5, 24, 300, 64, 72)]
    [InlineData("tpu-v6e", 918, 1836, 32, 1638, 800, 0)]
    public void Added_catalog_accelerators_carry_their_published_figures(
        string key, double bf16, double int8, double memoryGb, double bandwidthGbs, double scaleUpBidirGbs, double tdpW)
    {
        var a = Catalog.Default.FindAccelerator(key)!;
        Assert.Equal(bf16, a.Tflops[Precision.Bf16]);
        Assert.Equal(int8, a.Tflops[Precision.Int8]);
        Assert.Equal(memoryGb, a.HbmGb);
        Assert.Equal(bandwidthGbs, a.HbmBandwidthGbs);
        Assert.Equal(scaleUpBidirGbs, a.ScaleUp!.BidirGbs);
        if (tdpW > 0)
        {
            Assert.Equal(tdpW, a.TdpW);
        }
    }

    [Fact]
    public void Added_models_cache_keys_and_values_by_their_architecture()
    {
        // bf16: K and V x layers x KV heads x head_dim x 2 bytes.
        Assert.Equal(2.0 * 16 * 8 * 64 * 2, ((LlmModelSpec)Catalog.Default.FindModel("llama-3.2-1b")!).KvBytesPerToken);   // 32,768
        Assert.Equal(2.0 * 56 * 8 * 128 * 2, ((LlmModelSpec)Catalog.Default.FindModel("mixtral-8x22b")!).KvBytesPerToken); // 229,376
    }

    [Fact]
    public void Kv_cache_bytes_per_token_follow_the_architecture()
    {
        // Llama-3.1-8B, bf16: K and V x 32 layers x 8 KV heads x 128 dims x 2 bytes = 131,072 bytes.
        Assert.Equal(131072, ((LlmModelSpec)Catalog.Default.FindModel("llama-3.1-8b")!).KvBytesPerToken);

        // DeepSeek-V3 with MLA, bf16: 61 layers x (512 latent + 64 rope) x 2 bytes = 70,272 bytes.
        Assert.Equal(70272, ((LlmModelSpec)Catalog.Default.FindModel("deepseek-v3")!).KvBytesPerToken);
    }

    [Fact]
    public void Every_number_in_the_catalog_files_carries_a_source_comment()
    {
        // FORMAT.md: every number carries its source in a trailing comment. Lines without a number
        // (names, sources, notes, section keys) need none.
        var numbered = 0;
        var missing = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Fixtures.Scenarios, "catalog"), "*.yaml").Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var (code, comment) = SplitComment(lines[i]);
                if (!HoldsNumber(code))
                {
                    continue;
                }

                numbered++;
                if (string.IsNullOrWhiteSpace(comment))
                {
                    missing.Add($"{Path.GetFileName(file)}:{i + 1}: {lines[i].Trim()}");
                }
            }
        }

        Assert.True(missing.Count == 0, "numbers without a source comment:\n" + string.Join("\n", missing));
        Assert.True(numbered > 100, $"only {numbered} numeric lines found: the scan is not reading the catalog");
    }

    [Theory]
    [InlineData("    tdp_w: 700", true)]
    [InlineData("    rent_usd_per_hour: 4.916  # per accelerator", true)]
    [InlineData("    patch: [1, 2, 2]", true)]
    [InlineData("    scale_up: { kind: nvlink4, bidir_gbs: 900 }", true)]
    [InlineData("    name: NVIDIA H100 SXM5 80GB", false)]
    [InlineData("    name: Llama 3.1 8B", false)]
    [InlineData("    source: \"HW table, 989.4 dense\"", false)]
    [InlineData("    tflops:", false)]
    [InlineData("  llama-3.1-8b:", false)]
    public void The_catalog_comment_scan_tells_numbers_from_text(string line, bool number)
        => Assert.Equal(number, HoldsNumber(SplitComment(line).Code));

    /// <summary>The YAML before a comment and the comment: a '#' after a space, outside quotes.</summary>
    private static (string Code, string Comment) SplitComment(string line)
    {
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is not null)
            {
                quote = c == quote ? null : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1])))
            {
                return (line[..i], line[(i + 1)..]);
            }
        }

        return (line, "");
    }

    /// <summary>A value that is a plain number, or a flow list or mapping with a number in it; quoted text is not.</summary>
    private static bool HoldsNumber(string code)
    {
        var colon = code.IndexOf(": ", StringComparison.Ordinal);
        var value = (colon >= 0 ? code[(colon + 2)..] : code.TrimStart().TrimStart('-')).Trim();
        if (value.Length == 0 || value[0] is '"' or '\'')
        {
            return false;
        }

        var parts = value[0] is '[' or '{' ? value.Split(['[', ']', '{', '}', ',', ':']) : [value];
        return parts.Any(p => System.Text.RegularExpressions.Regex.IsMatch(p.Trim(), @"^[-+]?(\d[\d_]*\.?\d*|\.\d+)([eE][-+]?\d+)?$"));
    }

    [Fact]
    public void A_catalog_entry_without_its_source_is_a_located_error()
    {
        var accelerators = Fixtures.AcceleratorsYaml.Replace("    source: test fixture\n  gpu-24:", "  gpu-24:");
        var ex = Assert.Throws<ScenarioException>(() => Catalog.Parse(accelerators, Fixtures.ModelsYaml, "acc.yaml", "mod.yaml"));
        Assert.Equal("acc.yaml:2:3: accelerators.gpu-80: missing required key 'source'", Assert.Single(ex.Errors).ToString());
    }

    [Fact]
    public void Catalog_errors_name_the_catalog_file()
    {
        var models = Fixtures.ModelsYaml.Replace("kv_heads: 8\n    head_dim: 128\n    ffn_size: 14336", "kv_heads: 64\n    head_dim: 128\n    ffn_size: 14336");
        var ex = Assert.Throws<ScenarioException>(() => Catalog.Parse(Fixtures.AcceleratorsYaml, models, "acc.yaml", "mod.yaml"));
        Assert.Equal("mod.yaml:9:15: models.small-llm: 'heads' (32) must be at least 'kv_heads' (64)", Assert.Single(ex.Errors).ToString());
    }
}

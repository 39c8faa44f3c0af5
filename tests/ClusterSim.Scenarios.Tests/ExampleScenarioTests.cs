namespace ClusterSim.Scenarios.Tests;

public sealed class ExampleScenarioTests
{
    private const string SchemaLine = "# yaml-language-server: $schema=./clustersim.schema.json";

    public static IEnumerable<object[]> Examples => Fixtures.ExampleFiles.Select(f => new object[] { Path.GetFileName(f) });

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_scenario_loads_without_errors(string file)
    {
        var scenario = ScenarioLoader.Load(Path.Combine(Fixtures.Scenarios, file));
        Assert.NotEmpty(scenario.Workloads);
        Assert.NotEmpty(scenario.Deployments);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_points_at_the_schema_and_states_its_question(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(Fixtures.Scenarios, file));
        Assert.Equal(SchemaLine, lines[0]);
        Assert.StartsWith("# Question: ", lines[1]);
    }

    [Fact]
    public void The_seven_asked_for_examples_and_the_default_exist()
    {
        string[] wanted =
        [
            "default.yaml", "chat-h100-vs-mi300x.yaml", "azure-conv-replay.yaml", "video-farm.yaml", "avatar-streaming.yaml",
            "mixed-multimodal.yaml", "cooling-hot-site.yaml", "quantization-what-if.yaml",
        ];
        var present = Fixtures.ExampleFiles.Select(Path.GetFileName).ToList();
        Assert.All(wanted, w => Assert.Contains(w, present));
    }

    [Fact]
    public void The_embedded_default_is_the_file_in_the_repository()
        => Assert.Equal(File.ReadAllText(Path.Combine(Fixtures.Scenarios, "default.yaml")), ScenarioLoader.DefaultYaml);

    [Fact]
    public void The_default_scenario_is_chat_on_one_h100_node()
    {
        var s = ScenarioLoader.LoadDefault();
        var chat = Assert.IsType<TextWorkloadSpec>(Assert.Single(s.Workloads));
        Assert.Equal(20, Assert.IsType<PoissonArrival>(chat.Arrival).Rate);
        var node = Assert.Single(s.Hardware.Nodes);
        Assert.Equal(("h100-sxm", 1, 8), (node.Accelerator, node.Count, node.PerNode));
        var d = Assert.Single(s.Deployments);
        Assert.Equal(("llama-3.1-8b", 2, 4), (d.Model, d.Tp, d.Replicas));
        Assert.Equal(60, s.Run.DurationSeconds);
        Assert.Equal(5, s.Run.WarmupSeconds);
        Assert.Null(s.SourcePath);
    }

    [Fact]
    public void Quantization_example_halves_the_layers_weight_bytes_at_each_step_and_keeps_the_vocab_tables_bf16()
    {
        var s = ScenarioLoader.Load(Path.Combine(Fixtures.Scenarios, "quantization-what-if.yaml"));
        var fp16 = s.Model("llama-70b-fp16").WeightBytes;
        var fp8 = s.Model("llama-70b-fp8").WeightBytes;
        var int4 = s.Model("llama-70b-int4").WeightBytes;
        var published = Catalog.Default.FindModel("llama-3.1-70b")!.ParamsB * 1e9;

        // Quantised checkpoints leave the embedding and lm_head (128,256 x 8,192 each) in BF16; int4 adds an FP16 scale
        // and a 4-bit zero point per group of 128 weights (AWQ, GPTQ).
        const double tables = 2 * 128256.0 * 8192;
        Assert.Equal(2 * published, fp16, 1e-3);
        Assert.Equal((published - tables) * 1 + tables * 2, fp8, 1e-3);
        Assert.Equal((published - tables) * (0.5 + 2.5 / 128) + tables * 2, int4, 1e-3);
        Assert.Equal(Precision.Fp8, ((LlmModelSpec)s.Model("llama-70b-int4")).KvPrecision);
    }

    [Fact]
    public void Azure_replay_resolves_the_trace_next_to_the_scenario()
    {
        var s = ScenarioLoader.Load(Path.Combine(Fixtures.Scenarios, "azure-conv-replay.yaml"));
        var trace = Assert.IsType<TraceArrival>(s.Workloads[0].Arrival);
        Assert.Equal(Path.Combine(Fixtures.Scenarios, "traces", "azure-llm-2023", "conv.csv"), trace.Path);
        Assert.Equal(TraceFormat.Azure, trace.Format);
        var text = Assert.IsType<TextWorkloadSpec>(s.Workloads[0]);
        Assert.Null(text.PromptTokens);
        Assert.Equal([DeploymentRole.Prefill, DeploymentRole.Decode], s.Deployments.Select(d => d.Role));
    }

    [Fact]
    public void Mixed_example_overrides_batching_for_one_deployment_only()
    {
        var s = ScenarioLoader.Load(Path.Combine(Fixtures.Scenarios, "mixed-multimodal.yaml"));
        var llm = s.Deployment("llm").Policies;
        var wan = s.Deployment("wan").Policies;
        Assert.Equal("chunked_prefill", llm.Batching.Name);
        Assert.Equal(2048, llm.Batching.GetDouble("token_budget"));
        Assert.Equal("static", wan.Batching.Name);
        Assert.Equal(0, wan.Batching.GetDouble("timeout"));
        Assert.Equal("priority", wan.Scheduling.Name);
        Assert.Equal(1.5, llm.Admission.GetDouble("slack"));
        Assert.Equal([3, 2, 0, 1], s.Workloads.Select(w => w.Priority));
    }
}

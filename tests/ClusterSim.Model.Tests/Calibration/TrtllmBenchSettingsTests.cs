using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Calibration;

/// <summary>
/// The helper that picks trtllm-bench's engine settings for the 1.0 checks against the settings worked out by hand in
/// the v0.15 scenarios (each file's header shows the arithmetic for its 2,048/2,048 build), and one case by hand here.
/// </summary>
public sealed class TrtllmBenchSettingsTests
{
    [Theory]
    [InlineData("trtllm-bench-llama31-8b-h100.yaml")]
    [InlineData("trtllm-bench-llama31-8b-h200.yaml")]
    [InlineData("trtllm-bench-llama31-70b-8xh100.yaml")]
    [InlineData("trtllm-bench-llama3-70b-8xh200.yaml")]
    [InlineData("trtllm-bench-llama3-405b-8xh100.yaml")]
    [InlineData("trtllm-bench-llama3-405b-8xh200.yaml")]
    public void The_heuristic_gives_the_settings_each_scenario_worked_out_by_hand(string file)
    {
        var scenario = ScenarioLoader.Load(RepoPaths.File("scenarios", "validation", file), []);
        var d = scenario.Deployments[0];
        var model = ScenarioCompiler.ToArchitecture((LlmModelSpec)scenario.Model(d.Model));
        var gpuGib = TrtllmBenchSettings.TorchGib(scenario.NodeGroup(d.Nodes).Accelerator);
        Assert.Equal((d.MaxBatch, d.MaxBatchTokens), TrtllmBenchSettings.For(model, d.Tp, gpuGib, 2048, 2048));
    }

    [Fact]
    public void Short_rows_hit_the_caps_of_4096_requests_and_round_their_tokens_up()
    {
        // Llama 3.1 8B FP8 on one H100 at 128/128: (79.6 - 7.48 GiB) x 0.95 / (256 tokens x 64 KiB) = 4,385 requests,
        // capped at 4,096; tokens 4,096 x (1 + 128 / 128) = 8,192, a multiple of 1,024 already.
        var model = ScenarioCompiler.ToArchitecture((LlmModelSpec)Catalog.Default.FindModel("llama-3.1-8b")!);
        Assert.Equal((4096, 8192), TrtllmBenchSettings.For(model, 1, 79.6, 128, 128));

        // At 20000/2000 the floors hold: 72.1 x 0.95 / (22,000 x 64 KiB) = 51.0 requests -> 64; tokens 561 -> 2,048.
        Assert.Equal((64, 2048), TrtllmBenchSettings.For(model, 1, 79.6, 20000, 2000));

        // FP4 weights leave twice the room of FP8 ones: Llama 3.3 70B on one 179.1 GiB B200 at 128/128,
        // (179.1 - 32.85 GiB) x 0.95 / (256 x 160 KiB) = 3,557 requests -> 3,584; tokens 7,114 -> 7,168.
        var llama70 = ScenarioCompiler.ToArchitecture((LlmModelSpec)Catalog.Default.FindModel("llama-3.3-70b")!);
        Assert.Equal((3584, 7168), TrtllmBenchSettings.For(llama70, 1, 179.1, 128, 128, bytesPerWeight: 0.5));
    }

    [Fact]
    public void A_pipeline_counts_every_stages_memory_and_divides_the_batch_by_its_stages()
    {
        // Llama 3.3 70B NVFP4 on two 95.6 GiB RTX PRO 6000 cards at PP2, 1024/1024 (tuning.py: n_gpus = tp x pp, raw_bs =
        // requests / pp): (191.2 - 32.85 GiB) x 0.95 / (2,048 x 160 KiB) = 481 requests, 240.7 a micro-batch -> 256;
        // tokens 481 -> 2,048. One card at TP1: (95.6 - 32.85) x 0.95 / (2,048 x 160 KiB) = 190.8 -> 192.
        var llama70 = ScenarioCompiler.ToArchitecture((LlmModelSpec)Catalog.Default.FindModel("llama-3.3-70b")!);
        Assert.Equal((256, 2048), TrtllmBenchSettings.For(llama70, 1, 95.6, 1024, 1024, bytesPerWeight: 0.5, pp: 2));
        Assert.Equal((192, 2048), TrtllmBenchSettings.For(llama70, 1, 95.6, 1024, 1024, bytesPerWeight: 0.5));
    }

    [Fact]
    public void Without_chunked_prefill_max_tokens_hold_the_longest_prompt_beside_a_full_batch()
    {
        // 20000/2000 on one H100: the heuristic's 2,048 tokens cannot hold a prompt; trtllm-bench raises them to 20,000 + 64.
        Assert.Equal(20_064, TrtllmBenchSettings.WithoutChunking(2048, 64, 20000));

        // 128/128: 8,192 already exceed 128 + 4,096, so they stay.
        Assert.Equal(8192, TrtllmBenchSettings.WithoutChunking(8192, 4096, 128));
    }
}

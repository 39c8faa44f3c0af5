using System.Text.Json;
using ClusterSim.Analysis.Steps;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Tests.Steps;

/// <summary>
/// Steps priced outside a simulation (<c>clustersim step</c>): the deployment's own execution model, the physics of the
/// batch-size knee a student is meant to see, and the table, step.json and charts.
/// </summary>
public sealed class StepPricerTests
{
    private static readonly long[] Batches = [1, 8, 32, 128, 512, 1024];

    private static CompiledScenario Default(params string[] sets) => ScenarioCompiler.Compile(ScenarioLoader.LoadDefault(sets));

    [Fact]
    public void Each_row_is_the_step_the_runs_use_and_its_parts_add_up_to_it()
    {
        var compiled = Default();
        var result = StepPricer.Price(compiled, new StepShape { Batches = Batches, Context = 1024 });
        var d = Assert.Single(result.Deployments);
        Assert.Equal("llama-8b", d.Name);
        Assert.Equal(2, d.Accelerators);
        Assert.Equal("a100-80gb-sxm/vllm", d.Provenance!.Entry);
        Assert.Equal(Batches, d.Rows.Select(r => r.Batch));

        var model = ((ExecutionModelTimer)compiled.Setup.Pools[0].Timer).Model;
        foreach (var r in d.Rows)
        {
            Assert.Equal(model.Predict(Model.Performance.IterationShape.Decode(r.Batch, 1024)).Seconds, r.Seconds);
            Assert.Equal(r.Seconds, r.Parts!.Value.Seconds, r.Seconds * 1e-9);
            Assert.Equal(r.Batch / r.Seconds, r.OutputTokensPerSecond, 1e-6);
        }
    }

    [Fact]
    public void Local_attention_layers_attend_their_window_in_a_step_as_in_a_run()
    {
        // 24 of Llama 3.1 8B's 32 layers sliding over 512 tokens, at 4,096 tokens of context: each decoding sequence's
        // attention reads 8 x 4,096 + 24 x 512 tokens' worth over the layers, as the replica tells its timer.
        string[] sets = ["models.m={from: llama-3.1-8b, local_attention: {kind: sliding, window: 512, layers: 24}}", "workloads.chat.model=m", "deployments.llama-8b.model=m"];
        var compiled = Default(sets);
        var windowed = Assert.Single(StepPricer.Price(compiled, new StepShape { Batches = [64], Context = 4096 }).Deployments).Rows[0];
        var full = Assert.Single(StepPricer.Price(Default(sets[0][..sets[0].IndexOf(',')] + "}", sets[1], sets[2]), new StepShape { Batches = [64], Context = 4096 }).Deployments).Rows[0];

        var timer = (ExecutionModelTimer)compiled.Setup.Pools[0].Timer;
        var shape = new Model.Serving.BatchShape { DecodeSequences = 64, DecodeContextTokens = 64 * 4096, DecodeSkippedTokens = 64 * 0.75 * (4096 - 512) };
        Assert.Equal(timer.Model.Predict(new Model.Performance.IterationShape
        {
            DecodeSequences = 64, DecodeContextTokens = 64 * 4096, DecodeSkippedTokens = shape.DecodeSkippedTokens,
        }).Seconds, windowed.Seconds);
        Assert.Equal(timer.IterationNs(in shape), (long)Math.Ceiling(windowed.Seconds * 1e9));
        Assert.True(windowed.Parts!.Value.AttentionSeconds < 0.5 * full.Parts!.Value.AttentionSeconds,
            $"attention {windowed.Parts!.Value.AttentionSeconds * 1e3:F3} ms with the window against {full.Parts!.Value.AttentionSeconds * 1e3:F3} ms");
    }

    [Fact]
    public void Throughput_rises_with_the_batch_while_the_weight_stream_stays_and_the_step_stretches()
    {
        var rows = Assert.Single(StepPricer.Price(Default(), new StepShape { Batches = Batches, Context = 1024 }).Deployments).Rows;

        // A dense model reads its weights once a step, whatever the batch: the part is the same on every row.
        Assert.All(rows, r => Assert.Equal(rows[0].Parts!.Value.WeightStreamSeconds, r.Parts!.Value.WeightStreamSeconds));
        // At one sequence the weight stream is most of the step (memory-bound); at 1,024 the per-sequence work is.
        Assert.True(rows[0].Parts!.Value.WeightStreamSeconds > rows[0].Seconds / 2);
        Assert.True(rows[^1].Parts!.Value.WeightStreamSeconds < rows[^1].Seconds / 10);
        // So each step is longer, and yields more tokens a second, than the one with fewer sequences, with diminishing
        // returns: the last doubling gains far less than the first eightfold.
        for (var i = 1; i < rows.Count; i++)
        {
            Assert.True(rows[i].Seconds > rows[i - 1].Seconds);
            Assert.True(rows[i].OutputTokensPerSecond > rows[i - 1].OutputTokensPerSecond);
        }

        Assert.True(rows[^1].OutputTokensPerSecond / rows[^2].OutputTokensPerSecond < 1.2);
        Assert.True(rows[1].OutputTokensPerSecond / rows[0].OutputTokensPerSecond > 6);
    }

    [Fact]
    public void Prompts_in_the_step_add_their_tokens_and_their_first_tokens()
    {
        var result = StepPricer.Price(Default(), new StepShape { Batches = [0, 64], Context = 512, Prompts = 2, PromptTokens = 1000 });
        var rows = result.Deployments[0].Rows;
        Assert.Equal(2 / rows[0].Seconds, rows[0].OutputTokensPerSecond, 1e-6);
        Assert.Equal(2000 / rows[0].Seconds, rows[0].TokensPerSecond, 1e-6);
        Assert.Equal(2064 / rows[1].Seconds, rows[1].TokensPerSecond, 1e-6);
        Assert.True(rows[0].Parts!.Value.AttentionComputeBound); // a 1,000-token prompt's attention is arithmetic
    }

    [Fact]
    public void A_step_scale_stretches_each_step_and_part_as_the_replica_would_and_says_so()
    {
        var shape = new StepShape { Batches = [1, 64, 512], Context = 1024 };
        var plain = Assert.Single(StepPricer.Price(Default(), shape).Deployments);
        var scaled = Assert.Single(StepPricer.Price(Default("execution_model.step_scale=1.25"), shape).Deployments);
        Assert.Equal(1.25, scaled.StepScale);
        foreach (var (p, s) in plain.Rows.Zip(scaled.Rows))
        {
            Assert.Equal(1.25 * p.Seconds, s.Seconds, 1e-12);
            Assert.Equal(s.Seconds, s.Parts!.Value.Seconds, 1e-12);
            Assert.Equal(p.Parts!.Value.BoundSeconds, s.Parts!.Value.BoundSeconds); // physics does not stretch
        }

        Assert.Contains("every step x 1.25", StepReport.Text(StepPricer.Price(Default("execution_model.step_scale=1.25"), shape)));
        Assert.DoesNotContain("step_scale", StepReport.Text(StepPricer.Price(Default(), shape)));
    }

    [Fact]
    public void A_step_beyond_the_deployments_limits_is_priced_and_says_which()
    {
        // The default deployment: max_batch 256, max_batch_tokens 8,192, and a KV cache of 1,034,224 tokens (64,639 blocks of 16).
        var compiled = Default();
        var config = compiled.Setup.Pools[0].Config;
        Assert.Equal(256, config.MaxSequences);
        var rows = StepPricer.Price(compiled, new StepShape { Batches = [256, 257, 20_000], Context = 1024 }).Deployments[0].Rows;
        Assert.Null(rows[0].Beyond);
        Assert.Equal("max_batch 256", rows[1].Beyond);
        // 20,000 x 64 blocks of 16 tokens = 1,280,000 blocks, past the cache's; 20,000 tokens a step, past 8,192.
        Assert.True(20_000L * 64 > config.KvBlocks);
        Assert.Equal($"max_batch 256, max_batch_tokens 8,192, KV cache {(long)config.KvBlocks * 16:N0} tokens", rows[2].Beyond);
        Assert.True(rows[2].Seconds > rows[1].Seconds);
    }

    [Fact]
    public void A_beam_step_runs_every_beam_through_the_gemms_and_reads_the_shared_prompt_as_the_deployments_kernel_does()
    {
        // 32 requests of 4 beams, each beam at 1,024 tokens of which 1,000 are the prompt its request's beams share. By
        // default each beam reads its whole context (TensorRT-LLM's masked multi-head attention kernel), so the step is
        // that of 128 independent sequences at 1,024 tokens; with beam_prompt_reads: once (a cascade kernel) the step the
        // replica prices then (IterationShape.DecodeBeams): the same 128 tokens through the GEMMs and less attention,
        // which reads 32 x (1,000 + 4 x 24) tokens of KV, not 128 x 1,024.
        var compiled = Default();
        var shape = new StepShape { Batches = [32], Context = 1024, Beams = 4, BeamTokens = 24 };
        var perBeam = Assert.Single(StepPricer.Price(compiled, shape).Deployments).Rows[0];
        var plain = Assert.Single(StepPricer.Price(compiled, new StepShape { Batches = [128], Context = 1024 }).Deployments).Rows[0];
        Assert.Equal(plain.Seconds, perBeam.Seconds);

        var cascade = Default("deployments.llama-8b.beam_prompt_reads=once");
        var once = Assert.Single(StepPricer.Price(cascade, shape).Deployments).Rows[0];
        var model = ((ExecutionModelTimer)cascade.Setup.Pools[0].Timer).Model;
        Assert.Equal(model.Predict(Model.Performance.IterationShape.DecodeBeams(32, 4, 1000, 24)).Seconds, once.Seconds);
        Assert.Equal(plain.Parts!.Value.DenseGemmSeconds, once.Parts!.Value.DenseGemmSeconds);
        Assert.Equal(plain.Parts!.Value.WeightStreamSeconds, once.Parts!.Value.WeightStreamSeconds);
        Assert.True(once.Parts!.Value.AttentionSeconds < 0.5 * plain.Parts!.Value.AttentionSeconds,
            $"attention {once.Parts!.Value.AttentionSeconds * 1e3:F3} ms for the beams against {plain.Parts!.Value.AttentionSeconds * 1e3:F3} ms");

        // A request returns one beam: 32 tokens a step out, 128 through the weights.
        foreach (var row in new[] { perBeam, once })
        {
            Assert.Equal(32 / row.Seconds, row.OutputTokensPerSecond, 1e-6);
            Assert.Equal(128 / row.Seconds, row.TokensPerSecond, 1e-6);
        }

        var text = StepReport.Text(new StepResult("s", shape, []));
        Assert.Contains("each decoding request runs 4 beams, each attending to 1,024 tokens of which 1,000 are the prompt they share", text);
    }

    [Fact]
    public void A_beam_steps_limits_count_requests_against_max_batch_and_every_beams_blocks_and_tokens()
    {
        // The default deployment: max_batch 256, max_batch_tokens 8,192, 64,639 blocks of 16 tokens. A request of 4 beams at
        // 1,024 tokens, 1,000 of them its prompt, holds by TensorRT-LLM's rule the prompt's 63 blocks but the last (62),
        // shared, and 2 blocks a beam (the prompt's last, copied, and its own 24 tokens' next): 70 blocks. 923 requests hold
        // 64,610 blocks, 924 hold 64,680, past the cache.
        var compiled = Default();
        var config = compiled.Setup.Pools[0].Config;
        Assert.Equal(64_639, config.KvBlocks);
        var rows = StepPricer.Price(compiled, new StepShape { Batches = [256, 923, 924], Context = 1024, Beams = 4, BeamTokens = 24 }).Deployments[0].Rows;
        Assert.Null(rows[0].Beyond);
        Assert.Equal("max_batch 256", rows[1].Beyond);
        Assert.Equal($"max_batch 256, KV cache {64_639L * 16:N0} tokens", rows[2].Beyond);
        // 64 beams of 256 requests feed 16,384 tokens a step, past the 8,192 of the budget; their 256 x (62 + 64 x 2)
        // blocks fit.
        var wide = StepPricer.Price(compiled, new StepShape { Batches = [256], Context = 1024, Beams = 64, BeamTokens = 24 }).Deployments[0].Rows[0];
        Assert.Equal("max_batch_tokens 8,192", wide.Beyond);
    }

    [Fact]
    public void Beams_on_a_model_with_local_attention_are_refused_as_a_scenario_refuses_them()
    {
        var compiled = Default("models.m={from: llama-3.1-8b, local_attention: {kind: sliding, window: 512, layers: 24}}", "workloads.chat.model=m", "deployments.llama-8b.model=m");
        var ex = Assert.Throws<ArgumentException>(() => StepPricer.Price(compiled, new StepShape { Batches = [8], Beams = 4, BeamTokens = 8 }));
        Assert.Contains("local-attention layers", ex.Message);
    }

    [Fact]
    public void A_predictor_without_parts_gives_step_times_only_and_says_so()
    {
        var compiled = Default("execution_model={name: ClusterSim.Analysis.Tests.Steps.PerTokenPredictor}");
        var result = StepPricer.Price(compiled, new StepShape { Batches = [1, 10] });
        Assert.Equal([1e-3, 10e-3], result.Deployments[0].Rows.Select(r => r.Seconds));
        Assert.All(result.Deployments[0].Rows, r => Assert.Null(r.Parts));
        Assert.Contains("gives step times only", StepReport.Text(result));
        Assert.DoesNotContain("parts_s", StepReport.Json(result));
    }

    [Theory]
    [InlineData("lama-8b", "did you mean 'llama-8b'?")]
    [InlineData("chat", "there are: llama-8b")]
    public void An_unknown_deployment_is_refused_with_the_names_there_are(string name, string expected)
    {
        var ex = Assert.Throws<ArgumentException>(() => StepPricer.Price(Default(), new StepShape { Batches = [1] }, name));
        Assert.Contains(expected, ex.Message);
    }

    [Theory]
    [InlineData(new long[0], 1024, 0, "at least one batch size")]
    [InlineData(new long[] { -1 }, 1024, 0, "--batch sizes must be whole numbers from 0")]
    [InlineData(new long[] { 8 }, 0, 0, "--context must be from 1")]
    [InlineData(new long[] { 0 }, 1024, 0, "prices nothing without --prompts")]
    [InlineData(new long[] { 8 }, 1024, 0, "--beams must be from 1 to 64", 0)]
    [InlineData(new long[] { 8 }, 1024, 0, "--beams must be from 1 to 64", 65)]
    [InlineData(new long[] { 8 }, 1024, 0, "--beam-tokens must be from 1 to one less than the --context of 1,024", 4, 1024)]
    [InlineData(new long[] { 8 }, 1024, 0, "it needs --beams of 2 or more", 1, 24)]
    public void A_shape_that_prices_nothing_is_refused(long[] batches, long context, long prompts, string expected, int beams = 1, long beamTokens = 1)
    {
        var shape = new StepShape { Batches = batches, Context = context, Prompts = prompts, Beams = beams, BeamTokens = beamTokens };
        Assert.Contains(expected, shape.Problem());
        Assert.Throws<ArgumentException>(() => StepPricer.Price(Default(), shape));
    }

    [Fact]
    public void Step_json_holds_every_part_in_seconds_and_equal_inputs_give_equal_bytes()
    {
        var shape = new StepShape { Batches = [1, 256], Context = 2048, Prompts = 1, PromptTokens = 512 };
        var json = StepReport.Json(StepPricer.Price(Default(), shape));
        Assert.Equal(json, StepReport.Json(StepPricer.Price(Default(), shape)));

        using var doc = JsonDocument.Parse(json);
        Assert.Equal(2048, doc.RootElement.GetProperty("shape").GetProperty("context_tokens").GetInt64());
        var d = doc.RootElement.GetProperty("deployments")[0];
        Assert.Equal("a100-80gb-sxm/vllm", d.GetProperty("entry").GetString());
        foreach (var row in d.GetProperty("rows").EnumerateArray())
        {
            var parts = row.GetProperty("parts_s").EnumerateObject().ToList();
            Assert.Equal(10, parts.Count);
            var step = row.GetProperty("step_s").GetDouble();
            Assert.Equal(step, parts.Sum(p => p.Value.GetDouble()), step * 1e-9);
            Assert.InRange(row.GetProperty("bound_s").GetDouble(), 0, step);
        }
    }

    [Fact]
    public void The_table_shows_the_parts_a_deployment_has_and_the_charts_plot_them_against_the_batch()
    {
        var result = StepPricer.Price(Default(), new StepShape { Batches = [1, 64] });
        var text = StepReport.Text(result);
        Assert.Contains("weight stream", text);
        Assert.Contains("collectives", text);        // TP2: all-reduces
        Assert.DoesNotContain("expert gemm", text); // a dense model has no expert part
        Assert.DoesNotContain("pipeline", text);

        var charts = StepReport.Charts(result);
        Assert.Equal(["step-parts-llama-8b", "step-throughput-llama-8b"], charts.Select(c => c.Name));
        Assert.Contains("physical bound", charts[0].Series);
        Assert.StartsWith("<?xml", charts[0].ToSvg());
    }
}

using ClusterSim.Model.Setup;
using Xunit.Abstractions;
using static ClusterSim.Model.Tests.Serving.Video.VideoTestKit;

namespace ClusterSim.Model.Tests.Serving.Video;

public sealed class VideoCostModelTests(ITestOutputHelper output)
{
    /// <summary>
    /// Wan2.1-T2V-14B, 1280x720, 81 frames, by hand:
    /// latent frames 1 + (81 - 1) / 4 = 21; latent 720 / 8 = 90 by 1280 / 8 = 160; patches of 1x2x2
    /// give L = 21 x 45 x 80 = 75,600 tokens. T = 512 text tokens, d = 5,120, n = 40 blocks.
    /// Cross-attention K/V projections Pkv = 2 x 40 x 5,120^2 = 2,097,152,000 parameters (on text tokens).
    /// Per pass:
    ///   linear      2 x ((14.29e9 - 2.097152e9) x 75,600 + 2.097152e9 x 512) = 1.845706101248e15
    ///   self-attn   4 x 40 x 5,120 x 75,600^2                               = 4.682022912e15
    ///   cross-attn  4 x 40 x 5,120 x 75,600 x 512                           = 3.170893824e13
    /// Two passes (classifier-free guidance): 1.3118875902976e16 FLOP per denoising step.
    /// On one H100 at 989.4 TFLOP/s x 0.5 = 494.7 TFLOP/s: 26.5189 s per step.
    /// </summary>
    [Fact]
    public void Wan21_14B_step_at_1280x720_and_81_frames_matches_the_hand_calculation()
    {
        var cost = Cost();
        var shape = Wan14B.Shape(1280, 720, 81);
        Assert.Equal((21, 90, 160, 75_600L), (shape.LatentFrames, shape.LatentHeight, shape.LatentWidth, shape.Tokens));

        var step = cost.Step(shape);
        Assert.Equal(2 * 1.845706101248e15, step.LinearFlops, 1e-9 * step.LinearFlops);
        Assert.Equal(2 * 4.682022912e15, step.SelfAttentionFlops, 1e-9 * step.SelfAttentionFlops);
        Assert.Equal(2 * 3.170893824e13, step.CrossAttentionFlops, 1e-9 * step.CrossAttentionFlops);
        Assert.Equal(1.3118875902976e16, step.Flops, 1e-9 * step.Flops);
        Assert.Equal(26.5188516, step.Seconds, 1e-6);
        Assert.Equal(0, step.AllToAllSeconds);
        output.WriteLine($"step {step.Seconds:F3} s on one H100 at 50 % of peak; self-attention is {step.SelfAttentionFlops / step.Flops:P1} of the FLOPs");
    }

    /// <summary>
    /// Ulysses over 8: each GPU computes 1/8 of the FLOPs (3.31486 s) and runs 4 all-to-alls per block
    /// and pass = 4 x 40 x 2 = 320, each (8 - 1) x 5 us + 7/8 x (75,600 / 8 x 5,120 x 2 B = 96.768 MB)
    /// / (450 GB/s x 0.7) = 35 us + 268.8 us = 303.8 us, so 97.216 ms per step; speed-up
    /// 26.51885 / 3.41207 = 7.772.
    /// </summary>
    [Fact]
    public void Sequence_parallelism_over_8_accelerators_speeds_up_by_less_than_8_by_the_all_to_all_cost()
    {
        var shape = Wan14B.Shape(1280, 720, 81);
        var one = Cost(1).Step(shape);
        var eight = Cost(8).Step(shape);

        Assert.Equal(320, eight.AllToAlls);
        Assert.Equal(0.097216, eight.AllToAllSeconds, 1e-9);
        Assert.Equal(one.Seconds / 8, eight.ComputeSeconds, 1e-9);
        Assert.Equal(one.Seconds / 8 + eight.AllToAllSeconds, eight.Seconds, 1e-12);
        var speedUp = one.Seconds / eight.Seconds;
        output.WriteLine($"1 GPU {one.Seconds:F3} s, 8 GPUs {eight.Seconds:F3} s (all-to-all {eight.AllToAllSeconds * 1e3:F1} ms): speed-up {speedUp:F3}");
        Assert.Equal(7.772066, speedUp, 1e-5);
        Assert.True(speedUp < 8);
    }

    [Fact]
    public void Encoding_and_VAE_decoding_are_their_FLOPs_on_one_accelerator()
    {
        var cost = Cost(8);
        // Encoder: 2 x 5.68e9 x 512 = 5.81632e12 FLOP per prompt; with guidance the negative prompt too (Wan2.1's
        // text2video.py encodes context and context_null): 2 x 5.81632e12 / 494.7e12 = 23.515 ms.
        Assert.Equal(2, cost.Prompts);
        Assert.Equal(0.0235145341, cost.EncodeSeconds, 1e-9);

        // VAE: 7,892 GFLOP x 81 frames = 639.252 TFLOP / 494.7e12 = 1.29220 s, whatever the group size.
        Assert.Equal(1.2922013341, cost.DecodeSeconds(Wan14B.Shape(1280, 720, 81)), 1e-9);

        // 832x480 scales by pixels: 399,360 / 921,600 (the catalog's own walk gives 3,399 vs 3,420 GFLOP per frame).
        Assert.Equal(1.2922013341 * 399_360 / 921_600, cost.DecodeSeconds(Wan14B.Shape(832, 480, 81)), 1e-9);
    }

    [Fact]
    public void Five_seconds_at_16_fps_round_up_to_the_81_frames_the_causal_VAE_produces()
    {
        Assert.Equal(81, Wan14B.GeneratedFrames(80));
        Assert.Equal(81, Wan14B.GeneratedFrames(81));
        Assert.Equal(85, Wan14B.GeneratedFrames(82));
        var shape = Wan14B.Shape(832, 480, 80);
        Assert.Equal(21L * 30 * 52, shape.Tokens);
        Assert.Throws<ArgumentException>(() => Wan14B.Shape(1000, 700, 81));
    }

    [Fact]
    public void Ulysses_needs_a_degree_that_divides_the_heads()
        => Assert.Throws<ArgumentException>(() => Cost(3));

    /// <summary>
    /// A published measurement to bound the model against: Morphic ran Wan2.2-I2V-A14B (per step the
    /// same 40-block, 5,120-wide, 14B-active DiT as Wan2.1-14B, classifier-free guidance) on 8 x H100
    /// with Ulysses sequence parallelism and FlashAttention-2, 1280x720, 81 frames, 40 steps: 250 s
    /// end to end (morphic.com/kr/blog/boosting-wan2-2-i2v-56-faster, October 2025). The catalog's
    /// H100 factors were fitted on LLM serving, not DiTs, so only the order of magnitude is asserted:
    /// within a factor of two. Measured ratio: printed.
    /// </summary>
    [Fact]
    public void Wan_720p_on_8_H100_is_within_a_factor_of_two_of_a_published_run()
    {
        var efficiency = EfficiencyCatalog.Default.Resolve("h100-sxm", "splitwise-fp16");
        var cost = Cost(8, efficiency);
        var predicted = cost.RequestSeconds(Wan14B.Shape(1280, 720, 81), 40);
        var ratio = predicted / 250.0;
        output.WriteLine($"predicted {predicted:F1} s for 40 steps on 8 x H100 at compute efficiency {efficiency.ComputeEfficiency:F3}; measured 250 s; ratio {ratio:F2}");
        Assert.InRange(ratio, 0.5, 2.0);
    }

    /// <summary>
    /// Joint attention (MMDiT) on the same DiT, by hand: S = 75,600 + 512 = 76,112 tokens, every weight on every one:
    /// linear 2 x 14.29e9 x 76,112 = 2.17528096e15, attention 4 x 40 x 5,120 x 76,112^2 (5,793,036,544) = 4.7456555368448e15 per pass,
    /// no cross-attention; two passes.
    /// </summary>
    [Fact]
    public void Joint_attention_applies_every_weight_and_the_attention_to_latent_and_text_tokens()
    {
        var joint = new Model.Serving.Video.VideoCostModel(Wan14B with { Attention = Model.Serving.Video.VideoAttention.Joint }, H100, Scenarios.Precision.Bf16, VideoTestKit.Half);
        var step = joint.Step(Wan14B.Shape(1280, 720, 81));
        Assert.Equal(2 * 2.17528096e15, step.LinearFlops, 1e-9 * step.LinearFlops);
        Assert.Equal(2 * 4.7456555368448e15, step.SelfAttentionFlops, 1e-9 * step.SelfAttentionFlops);
        Assert.Equal(0, step.CrossAttentionFlops);
    }

    /// <summary>
    /// Guidance as a batch of two over Ulysses 8: the same FLOPs and compute as two sequential passes, but one forward,
    /// so 160 all-to-alls of twice the shard: each 7 x 5 us + 7/8 x 193.536 MB / 315 GB/s = 35 us + 537.6 us.
    /// Split over 2 x 8 accelerators: each half does one pass, so compute halves; 160 all-to-alls of one shard (303.8 us)
    /// plus one exchange of the 21 x 90 x 160 x 16 bf16 latent (9.6768 MB / 315 GB/s = 30.72 us + 5 us).
    /// </summary>
    [Fact]
    public void Guidance_as_a_batch_of_two_or_split_across_GPUs_matches_the_hand_counts()
    {
        var shape = Wan14B.Shape(1280, 720, 81);
        var sequential = Cost(8).Step(shape);
        var batch = new Model.Serving.Video.VideoCostModel(Wan14B with { Guidance = Model.Serving.Video.VideoGuidance.Batch }, H100, Scenarios.Precision.Bf16, VideoTestKit.Half, 8).Step(shape);
        Assert.Equal(sequential.Flops, batch.Flops, 1e-9 * batch.Flops);
        Assert.Equal(sequential.ComputeSeconds, batch.ComputeSeconds, 1e-12);
        Assert.Equal(160, batch.AllToAlls);
        Assert.Equal(160 * (35e-6 + 537.6e-6), batch.AllToAllSeconds, 1e-9);

        var splitCost = new Model.Serving.Video.VideoCostModel(Wan14B with { Guidance = Model.Serving.Video.VideoGuidance.Split, LatentChannels = 16 }, H100, Scenarios.Precision.Bf16, VideoTestKit.Half, 8, acceleratorsPerNode: 16);
        Assert.Equal(16, splitCost.Accelerators);
        var split = splitCost.Step(shape);
        Assert.Equal(sequential.ComputeSeconds / 2, split.ComputeSeconds, 1e-12);
        Assert.Equal(160, split.AllToAlls);
        Assert.Equal(160 * 303.8e-6 + 5e-6 + 30.72e-6, split.AllToAllSeconds, 1e-9);
        Assert.Throws<ArgumentException>(() => new Model.Serving.Video.VideoCostModel(Wan14B with { Guidance = Model.Serving.Video.VideoGuidance.Split, GuidancePasses = 1 }, H100, Scenarios.Precision.Bf16, VideoTestKit.Half, 8));
    }

    /// <summary>
    /// CogVideoX-5B from the catalog (joint attention, guidance as a batch of two), 720x480, 49 frames, by hand:
    /// latent 13 x 60 x 90, patches 1x2x2: L = 13 x 30 x 45 = 17,550, plus T = 226 text tokens: S = 17,776.
    /// Per pass: linear 2 x 5.57e9 x 17,776 = 1.9802464e14; attention 4 x 42 x 3,072 x 17,776^2 (315,986,176)
    /// = 1.63079201488896e14; two passes. One forward at batch 2 on 8 GPUs: 4 x 42 = 168 all-to-alls.
    /// </summary>
    [Fact]
    public void CogVideoX_5B_from_the_catalog_is_a_joint_attention_model_counted_by_hand()
    {
        var spec = (Scenarios.VideoModelSpec)Scenarios.Catalog.Default.Models.Single(m => m.Key == "cogvideox-5b");
        var model = Model.Serving.Video.VideoKindCompiler.ToVideoModel(spec);
        Assert.Equal((Model.Serving.Video.VideoAttention.Joint, Model.Serving.Video.VideoGuidance.Batch), (model.Attention, model.Guidance));
        var shape = model.Shape(720, 480, 49);
        Assert.Equal(17_550L, shape.Tokens);
        var step = new Model.Serving.Video.VideoCostModel(model, H100, Scenarios.Precision.Bf16, VideoTestKit.Half, 8).Step(shape);
        Assert.Equal(2 * 1.9802464e14, step.LinearFlops, 1e-9 * step.LinearFlops);
        Assert.Equal(2 * 1.63079201488896e14, step.SelfAttentionFlops, 1e-9 * step.SelfAttentionFlops);
        Assert.Equal(0, step.CrossAttentionFlops);
        Assert.Equal(168, step.AllToAlls);
    }
}

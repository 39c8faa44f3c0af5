using ClusterSim.Model.Performance;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>
/// Local attention's closed forms against brute force: the pairs a prompt chunk computes, the tokens a decoding
/// sequence skips, and the pieces on which that skip is linear (what lets a decode run keep one event).
/// </summary>
public sealed class LocalAttentionTests
{
    // What a token at 1-based position p attends in a local layer: its window, or its own chunk up to itself.
    private static long Attended(LocalAttention local, long p)
        => local.Chunked ? ((p - 1) % local.Window) + 1 : Math.Min(p, local.Window);

    public static TheoryData<bool, int, int, int> Layouts => new()
    {
        { false, 128, 18, 36 },  // GPT-OSS: half the layers, a window of 128
        { false, 4096, 32, 32 }, // Mistral 7B: every layer
        { true, 8192, 36, 48 },  // Llama 4: three in four, chunks of 8,192
        { true, 7, 3, 4 },       // a small chunk, so the tests cross many boundaries
        { false, 5, 1, 3 },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Prefill_pairs_equal_the_sum_over_positions_of_what_each_layer_attends(bool chunked, int window, int layers, int modelLayers)
    {
        var local = new LocalAttention(chunked, window, layers, modelLayers);
        foreach (var (n, cached) in new (long, long)[] { (1, 0), (3, 0), (17, 2), (100, 0), (window, 0), (window + 3, window - 1), (513, 9000), (2 * window + 5, 3 * window + 1) })
        {
            double full = 0, part = 0;
            for (var p = cached + 1; p <= cached + n; p++)
            {
                full += p;
                part += Attended(local, p);
            }

            var expected = ((modelLayers - layers) * full + layers * part) / modelLayers;
            Assert.Equal(expected, local.PrefillPairs(n, cached), 1e-9 * Math.Max(1, expected));
        }
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void A_decoding_token_skips_the_context_less_what_its_layer_attends(bool chunked, int window, int layers, int modelLayers)
    {
        var local = new LocalAttention(chunked, window, layers, modelLayers);
        for (long c = 1; c < 3L * window + 10; c += Math.Max(1, window / 50))
        {
            Assert.Equal(c - Attended(local, c), local.SkippedInLayer(c));
            Assert.Equal((double)layers / modelLayers * (c - Attended(local, c)), local.Skipped(c), 1e-9);
        }
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void The_skip_is_linear_over_the_steps_a_piece_lasts_and_turns_right_after(bool chunked, int window, int layers, int modelLayers)
    {
        var local = new LocalAttention(chunked, window, layers, modelLayers);
        var turns = 0;
        for (long c = 1; c < 3L * window + 10; c++)
        {
            var piece = local.StepsOnPiece(c);
            var slope = local.Grows(c) ? 1 : 0;
            var last = Math.Min(piece, 4L * window);
            for (long k = 0; k < last; k++)
            {
                Assert.Equal(local.SkippedInLayer(c) + (k * slope), local.SkippedInLayer(c + k));
            }

            if (piece < long.MaxValue && local.SkippedInLayer(c) + (piece * slope) != local.SkippedInLayer(c + piece))
            {
                turns++;
            }
        }

        // The pieces are no shorter than they must be: the line breaks right after most of them.
        Assert.True(turns > 0, "a piece should end where the skip turns");
    }

    [Fact]
    public void A_window_as_long_as_every_context_skips_nothing()
    {
        var local = new LocalAttention(false, 1_000_000, 10, 10);
        Assert.Equal(0, local.SkippedInLayer(999_999));
        Assert.Equal(100.0 * 100 + (100.0 * 101 / 2), local.PrefillPairs(100, 100));
    }

    [Fact]
    public void Layers_beyond_the_model_are_refused()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new LocalAttention(false, 128, 37, 36));
}

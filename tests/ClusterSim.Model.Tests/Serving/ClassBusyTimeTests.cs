using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Model.Tests.Serving;

/// <summary>A text iteration's time is split among the classes in it by the tokens each member processed in it.</summary>
public sealed class ClassBusyTimeTests
{
    private static TextRequest Chunk(int classIndex, int tokens) => new(1, classIndex, 0, 4000, 10, null) { ChunkInFlight = tokens };

    [Fact]
    public void A_mixed_iteration_is_split_by_prefill_chunk_tokens_and_one_token_per_decoding_sequence_per_step()
    {
        var busy = new ClassBusyTime();
        busy.JoinDecode(0);
        busy.JoinDecode(0);
        busy.JoinDecode(0);
        busy.JoinDecode(1);

        // 30 ms: class 2 prefills 96 tokens, class 0 decodes 3 sequences and class 1 one: 100 tokens, 0.3 ms each.
        busy.Book(30_000_000, [Chunk(2, 96)], decodeSteps: 1);
        Assert.Equal(0.9e6, busy.BusyNs(0), 1e-6);
        Assert.Equal(0.3e6, busy.BusyNs(1), 1e-6);
        Assert.Equal(28.8e6, busy.BusyNs(2), 1e-6);

        // A decode run of 10 steps (40 ms) with no prefill: 3 to 1 by sequences.
        busy.Book(40_000_000, [], decodeSteps: 10);
        Assert.Equal(0.9e6 + 30e6, busy.BusyNs(0), 1e-6);
        Assert.Equal(0.3e6 + 10e6, busy.BusyNs(1), 1e-6);

        // A sequence leaves; a prefill-only iteration that leaves decode out charges the decoders nothing.
        busy.LeaveDecode(0);
        busy.Book(5_000_000, [Chunk(1, 10), Chunk(2, 40)], decodeSteps: 0);
        Assert.Equal(0.3e6 + 10e6 + 1e6, busy.BusyNs(1), 1e-6);
        Assert.Equal(28.8e6 + 4e6, busy.BusyNs(2), 1e-6);
        Assert.Equal(0, busy.UnattributedNs);
    }

    [Fact]
    public void An_iteration_that_processed_no_token_is_booked_to_no_class()
    {
        var busy = new ClassBusyTime();
        busy.Book(2_000_000, [], decodeSteps: 0);
        Assert.Equal(2e6, busy.UnattributedNs);
        Assert.Equal(0, busy.BusyNs(0));
        Assert.Equal(0, busy.BusyNs(7));
    }
}

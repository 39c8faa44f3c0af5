using ClusterSim.Model.Serving.KvCache;

namespace ClusterSim.Model.Tests.Serving.KvCache;

/// <summary>
/// A beam-search request's KV blocks, counted by hand from TensorRT-LLM's KV cache manager (kvCacheManager.cpp,
/// loadOrAllocateBlocks and allocateBlock): the prompt's blocks are shared by the beams but the last, which "cannot be
/// shared between beams because it will be written to", so each beam has its own; past it each beam takes blocks of its
/// own as its tokens cross block boundaries.
/// </summary>
public sealed class KvBeamSearchTests
{
    [Fact]
    public void Four_beams_share_the_prompt_but_its_last_block_and_each_fills_blocks_of_its_own()
    {
        var kv = new KvBlockManager(capacityBlocks: 200, blockSizeTokens: 16);

        // A 40-token prompt fills 3 blocks; the other 3 beams each copy the third: 6 blocks at admission.
        Assert.True(kv.TryAllocate(40, default, beams: 4, out var a));
        Assert.Equal(6, a.NewBlocks);
        Assert.Equal(6, kv.UsedBlocks);
        kv.CheckInvariants();

        // Decoding: each beam writes tokens 41..48 into its own copy of the third block, then needs a fourth block at
        // token 49, all four at the same step.
        kv.StartDecoding(a.Sequence);
        Assert.Equal(4, kv.DecodingSequences);
        for (var step = 0; step < 8; step++)
        {
            Assert.Equal(0, kv.BlocksNeededForDecodeStep);
            Assert.True(kv.TryDecodeStep());
        }

        Assert.Equal(4, kv.BlocksNeededForDecodeStep);
        Assert.True(kv.TryDecodeStep());
        Assert.Equal(6 + 4, kv.UsedBlocks);

        // 49 tokens a beam: 2 shared blocks + 4 x (the copied third block and the fourth) = 10, the count at 4 beams.
        Assert.Equal(10, kv.BlocksHeld(a.Sequence));
        Assert.Equal(10, kv.BlocksForBeams(40, 49, 4));
        Assert.Equal(49, kv.Tokens(a.Sequence));
        kv.CheckInvariants();

        // Freed, every block comes back.
        Assert.Equal(10, kv.Free(a.Sequence));
        Assert.Equal((0, 200), (kv.UsedBlocks, kv.FreeBlocks));
        Assert.Equal(0, kv.DecodingSequences);
        kv.CheckInvariants();
    }

    [Fact]
    public void A_prompt_that_ends_on_a_block_boundary_still_gives_each_beam_its_last_block_and_a_new_one_at_the_first_token()
    {
        var kv = new KvBlockManager(200, 16);
        Assert.True(kv.TryAllocate(32, default, beams: 3, out var a));
        Assert.Equal(2 + 2, kv.UsedBlocks);

        kv.StartDecoding(a.Sequence);
        Assert.Equal(3, kv.BlocksNeededForDecodeStep); // token 33 of each beam starts a block
        Assert.True(kv.TryDecodeStep());

        // 1 shared + 3 x (the second block's copy and the third) = 7.
        Assert.Equal(7, kv.UsedBlocks);
        Assert.Equal(7, kv.BlocksForBeams(32, 33, 3));
        kv.CheckInvariants();
    }

    [Fact]
    public void One_beam_is_the_plain_sequence_and_the_count_matches_a_run_of_decode_steps_at_any_length()
    {
        var kv = new KvBlockManager(10_000, 16);
        var occupancy = new double[37];
        for (var prompt = 1; prompt <= 70; prompt += 3)
        {
            Assert.Equal(kv.BlocksFor(prompt + 20), kv.BlocksForBeams(prompt, prompt + 20, 1));
            for (var beams = 2; beams <= 5; beams++)
            {
                Assert.True(kv.TryAllocate(prompt, default, beams, out var a));
                kv.StartDecoding(a.Sequence);
                Assert.True(kv.BlocksNeededForSteps(37) <= kv.FreeBlocks);
                kv.DecodeSteps(occupancy);
                Assert.Equal(kv.BlocksForBeams(prompt, prompt + 37, beams), kv.BlocksHeld(a.Sequence));
                kv.CheckInvariants();
                kv.Free(a.Sequence);
            }
        }

        Assert.Equal(0, kv.UsedBlocks);
    }

    [Fact]
    public void A_beam_search_sequence_is_freed_whole_after_leaving_the_decode_group_and_cannot_grow_as_one_sequence()
    {
        var kv = new KvBlockManager(100, 16);
        Assert.True(kv.TryAllocate(20, default, beams: 2, out var a));
        Assert.True(kv.TryGrow(a.Sequence, 10)); // a prompt chunk before the beams fork
        Assert.Equal(2 + 1, kv.UsedBlocks);
        kv.StartDecoding(a.Sequence);
        Assert.True(kv.TryDecodeStep());
        Assert.True(kv.TryDecodeStep()); // token 32 of each beam: still the copied second block
        Assert.True(kv.TryDecodeStep()); // token 33: a third block each
        kv.StopDecoding(a.Sequence);
        Assert.Equal(1 + (2 * 2), kv.BlocksHeld(a.Sequence));
        kv.CheckInvariants();

        Assert.Throws<InvalidOperationException>(() => kv.TryGrow(a.Sequence, 1));
        Assert.Equal(5, kv.Free(a.Sequence));
        Assert.Equal(0, kv.UsedBlocks);
    }

    [Fact]
    public void The_copies_must_fit_at_admission()
    {
        var kv = new KvBlockManager(4, 16);
        Assert.False(kv.TryAllocate(40, default, beams: 3, out _)); // 3 blocks and 2 copies
        Assert.Equal(0, kv.UsedBlocks);
        Assert.True(kv.TryAllocate(40, default, beams: 2, out _));
        Assert.Equal(4, kv.UsedBlocks);
        Assert.Throws<ArgumentOutOfRangeException>(() => kv.BlocksForBeams(10, 10, 0));
    }

    [Fact]
    public void The_cacheless_count_the_step_pricer_uses_is_the_managers_and_refuses_a_beam_without_a_prompt()
    {
        // The same rule for any block size: 40 prompt tokens at 49 a beam, 4 beams, 16-token blocks: 2 shared and 2 a beam.
        var kv = new KvBlockManager(1_000, 16);
        for (var prompt = 1; prompt <= 70; prompt++)
        {
            for (var beams = 1; beams <= 5; beams++)
            {
                Assert.Equal(kv.BlocksForBeams(prompt, prompt + 9, beams), KvBlockManager.BlocksForBeams(prompt, prompt + 9, beams, 16));
            }
        }

        Assert.Equal(10, KvBlockManager.BlocksForBeams(40, 49, 4, 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => KvBlockManager.BlocksForBeams(0, 24, 4, 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => KvBlockManager.BlocksForBeams(30, 24, 4, 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => KvBlockManager.BlocksForBeams(10, 24, 0, 16));
    }
}

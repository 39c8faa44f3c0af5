using ClusterSim.Model.Serving.KvCache;

namespace ClusterSim.Model.Tests.Serving.KvCache;

public sealed class KvBlockManagerTests
{
    [Fact]
    public void A_prompt_takes_ceil_of_tokens_over_block_size_blocks()
    {
        var kv = new KvBlockManager(capacityBlocks: 100, blockSizeTokens: 16);

        Assert.True(kv.TryAllocate(33, out var a));

        Assert.Equal(3, a.NewBlocks);
        Assert.Equal(0, a.HitBlocks);
        Assert.Equal((3, 97, 0), (kv.UsedBlocks, kv.FreeBlocks, kv.CachedBlocks));
        Assert.Equal(0.03, kv.Occupancy, 1e-12);
        Assert.Equal(33, kv.Tokens(a.Sequence));
    }

    [Fact]
    public void Growing_within_a_block_takes_nothing_and_crossing_a_boundary_takes_one_block()
    {
        var kv = new KvBlockManager(100, 16);
        Assert.True(kv.TryAllocate(33, out var a));

        Assert.True(kv.TryGrow(a.Sequence, 15));
        Assert.Equal(3, kv.BlocksHeld(a.Sequence));
        Assert.True(kv.TryGrow(a.Sequence, 1));
        Assert.Equal(4, kv.BlocksHeld(a.Sequence));
        Assert.Equal(49, kv.Tokens(a.Sequence));
        Assert.Equal(4, kv.UsedBlocks);
    }

    [Fact]
    public void An_allocation_that_does_not_fit_fails_and_changes_nothing()
    {
        var kv = new KvBlockManager(4, 16);
        Assert.True(kv.TryAllocate(60, out var a));

        Assert.False(kv.CanAllocate(1));
        Assert.False(kv.TryAllocate(1, out _));
        Assert.True(kv.TryGrow(a.Sequence, 4));
        Assert.False(kv.TryGrow(a.Sequence, 1));

        Assert.Equal((4, 0, 64), (kv.UsedBlocks, kv.FreeBlocks, kv.Tokens(a.Sequence)));
        Assert.Equal(1, kv.LiveSequences);
        kv.CheckInvariants();
    }

    [Fact]
    public void A_reserve_of_blocks_is_kept_back_as_a_watermark()
    {
        var kv = new KvBlockManager(10, 16);
        Assert.True(kv.CanAllocate(16 * 9, reserveBlocks: 1));
        Assert.False(kv.CanAllocate((16 * 9) + 1, reserveBlocks: 1));
        Assert.True(kv.CanAllocate(16 * 10));
    }

    [Fact]
    public void A_shared_prefix_is_reused_block_for_block()
    {
        // 16-token blocks, 64-token prefix blocks: each hash id covers 4 KV blocks.
        var kv = new KvBlockManager(40, 16, prefixBlockTokens: 64);

        // A: 200 tokens = 3 full prefix blocks (192 tokens, 12 KV blocks) + 8 private tokens
        // (1 block); its 4th hash id covers a partial block and is not cached.
        Assert.True(kv.TryAllocate(200, [1, 2, 3, 4], out var a));
        Assert.Equal((0, 0, 13), (a.HitBlocks, a.HitTokens, a.NewBlocks));
        Assert.Equal(3, kv.MatchPrefix([1, 2, 3, 4]));

        // B: 150 tokens = 2 full prefix blocks, both A's: 8 KV blocks and 128 tokens reused,
        // ceil(150 / 16) - 8 = 2 new blocks.
        Assert.True(kv.TryAllocate(150, [1, 2, 9], out var b));
        Assert.Equal((8, 128, 2), (b.HitBlocks, b.HitTokens, b.NewBlocks));
        Assert.Equal(10, kv.BlocksHeld(b.Sequence));
        Assert.Equal((15, 25, 0), (kv.UsedBlocks, kv.FreeBlocks, kv.CachedBlocks));

        // A finishes: its private block is free, prefix block 3 (4 KV blocks) stays cached, 1
        // and 2 stay in use by B.
        Assert.Equal(13, kv.Free(a.Sequence));
        Assert.Equal((10, 26, 4), (kv.UsedBlocks, kv.FreeBlocks, kv.CachedBlocks));
        kv.CheckInvariants();
    }

    [Fact]
    public void Two_turns_of_a_Mooncake_conversation_share_the_system_prompt_block()
    {
        // The first two requests of the Mooncake conversation trace, with vLLM's 16-token blocks
        // and the trace's 512-token hash blocks (32 KV blocks each).
        var kv = new KvBlockManager(1000, 16, 512);

        // 6,758 tokens, 14 hash ids: 13 full blocks (6,656 tokens) are cached, the 102-token tail
        // is private. ceil(6758 / 16) = 423 blocks in all.
        Assert.True(kv.TryAllocate(6758, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13], out var first));
        Assert.Equal(423, first.NewBlocks);

        // 7,322 tokens sharing only hash id 0: 32 blocks and 512 tokens reused,
        // ceil(7322 / 16) - 32 = 426 new.
        Assert.True(kv.TryAllocate(7322, [0, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27], out var second));
        Assert.Equal((32, 512, 426), (second.HitBlocks, second.HitTokens, second.NewBlocks));
        Assert.Equal(423 + 426, kv.UsedBlocks);
        kv.CheckInvariants();
    }

    [Fact]
    public void Cached_blocks_are_evicted_least_recently_released_first()
    {
        // One KV block per prefix block, 4 blocks in all.
        var kv = new KvBlockManager(4, 16, 16);
        Assert.True(kv.TryAllocate(16, [10], out var a));
        Assert.True(kv.TryAllocate(16, [20], out var b));
        Assert.True(kv.TryAllocate(16, [30], out var c));
        kv.Free(a.Sequence);
        kv.Free(c.Sequence);
        kv.Free(b.Sequence);
        Assert.Equal((1, 0, 3), (kv.FreeBlocks, kv.UsedBlocks, kv.CachedBlocks));

        // Two blocks: the free one and the oldest release, 10.
        Assert.True(kv.TryAllocate(32, out _));
        Assert.Equal((0, 1, 1), (kv.MatchPrefix([10]), kv.MatchPrefix([30]), kv.MatchPrefix([20])));

        // One more: 30 (released before 20).
        Assert.True(kv.TryAllocate(16, out _));
        Assert.Equal((0, 1), (kv.MatchPrefix([30]), kv.MatchPrefix([20])));
        Assert.Equal(2, kv.EvictedBlocks);
        kv.CheckInvariants();
    }

    [Fact]
    public void Reusing_a_cached_block_makes_it_the_most_recent()
    {
        var kv = new KvBlockManager(3, 16, 16);
        Assert.True(kv.TryAllocate(16, [10], out var a));
        Assert.True(kv.TryAllocate(16, [20], out var b));
        kv.Free(a.Sequence);
        kv.Free(b.Sequence);

        Assert.True(kv.TryAllocate(16, [10], out var again));
        Assert.Equal(1, again.HitBlocks);
        kv.Free(again.Sequence);

        // Needs two blocks: the free one and 20, now older than 10.
        Assert.True(kv.TryAllocate(32, out _));
        Assert.Equal((1, 0), (kv.MatchPrefix([10]), kv.MatchPrefix([20])));
    }

    [Fact]
    public void A_released_prefix_is_evicted_tail_first()
    {
        var kv = new KvBlockManager(3, 16, 16);
        Assert.True(kv.TryAllocate(48, [1, 2, 3], out var a));
        kv.Free(a.Sequence);

        Assert.True(kv.TryAllocate(16, out _));
        Assert.Equal(2, kv.MatchPrefix([1, 2, 3]));
        Assert.True(kv.TryAllocate(16, out _));
        Assert.Equal(1, kv.MatchPrefix([1, 2, 3]));
    }

    [Fact]
    public void A_cached_hit_cannot_also_be_evicted_to_make_room_for_the_rest()
    {
        // 2 blocks: prefix 1 cached, 1 free. 48 tokens starting with prefix 1 need 3 blocks: the
        // hit lends 1, the other 2 would have to come from 1 free block and evicting the hit.
        var kv = new KvBlockManager(2, 16, 16);
        Assert.True(kv.TryAllocate(16, [1], out var a));
        kv.Free(a.Sequence);
        Assert.Equal(2, kv.AvailableBlocks);

        Assert.False(kv.CanAllocate(48, [1, 2, 3]));
        Assert.False(kv.TryAllocate(48, [1, 2, 3], out _));
        Assert.True(kv.TryAllocate(32, [1, 2], out var fits));
        Assert.Equal((1, 1), (fits.HitBlocks, fits.NewBlocks));
        kv.CheckInvariants();
    }

    [Fact]
    public void A_repeated_hash_id_in_one_prompt_is_not_shared_with_itself()
    {
        var kv = new KvBlockManager(8, 16, 16);
        Assert.True(kv.TryAllocate(16, [5], out var first));
        Assert.True(kv.TryAllocate(48, [5, 5, 5], out var repeated));

        Assert.Equal((1, 2), (repeated.HitBlocks, repeated.NewBlocks));
        Assert.Equal(3, kv.BlocksHeld(repeated.Sequence));
        Assert.Equal(3, kv.UsedBlocks);
        kv.CheckInvariants();
        kv.Free(first.Sequence);
        kv.Free(repeated.Sequence);
        Assert.Equal((7, 1), (kv.FreeBlocks, kv.CachedBlocks));
        kv.CheckInvariants();
    }

    [Fact]
    public void Decode_steps_take_a_block_only_for_sequences_on_a_block_boundary()
    {
        var kv = new KvBlockManager(10, 4);
        Assert.True(kv.TryAllocate(3, out var a));
        Assert.True(kv.TryAllocate(4, out var b));
        kv.StartDecoding(a.Sequence);
        kv.StartDecoding(b.Sequence);

        // Step 1: a 3 -> 4 fits its block, b 4 -> 5 needs a second one.
        Assert.Equal(1, kv.BlocksNeededForDecodeStep);
        Assert.True(kv.TryDecodeStep());
        // Step 2: a 4 -> 5 needs one, b 5 -> 6 fits.
        Assert.Equal(1, kv.BlocksNeededForDecodeStep);
        Assert.True(kv.TryDecodeStep());
        // Steps 3 and 4: nobody is on a boundary (a 5 and 6 tokens, b 6 and 7).
        Assert.Equal(0, kv.BlocksNeededForDecodeStep);
        Assert.True(kv.TryDecodeStep());
        Assert.Equal(0, kv.BlocksNeededForDecodeStep);
        Assert.True(kv.TryDecodeStep());
        // Now a has 7 tokens, b 8: the next step takes one block, for b.
        Assert.Equal((7, 8), (kv.Tokens(a.Sequence), kv.Tokens(b.Sequence)));
        Assert.Equal(1, kv.BlocksNeededForDecodeStep);

        kv.StopDecoding(a.Sequence);
        Assert.True(kv.TryDecodeStep());
        Assert.Equal((7, 9), (kv.Tokens(a.Sequence), kv.Tokens(b.Sequence)));
        Assert.Equal((2, 3), (kv.BlocksHeld(a.Sequence), kv.BlocksHeld(b.Sequence)));
        Assert.Equal(5, kv.UsedBlocks);
        kv.CheckInvariants();
    }

    [Fact]
    public void A_decode_step_that_does_not_fit_fails_until_a_sequence_is_preempted()
    {
        var kv = new KvBlockManager(2, 4);
        Assert.True(kv.TryAllocate(4, out var a));
        Assert.True(kv.TryAllocate(4, out var b));
        kv.StartDecoding(a.Sequence);
        kv.StartDecoding(b.Sequence);

        Assert.Equal(2, kv.BlocksNeededForDecodeStep);
        Assert.False(kv.TryDecodeStep());
        Assert.Equal((4, 4), (kv.Tokens(a.Sequence), kv.Tokens(b.Sequence)));

        // Preempt b by recompute: its block comes back, a can take it.
        Assert.Equal(1, kv.Free(b.Sequence));
        Assert.True(kv.TryDecodeStep());
        Assert.Equal((5, 2), (kv.Tokens(a.Sequence), kv.BlocksHeld(a.Sequence)));
        kv.CheckInvariants();
    }

    [Fact]
    public void Swap_out_reports_every_block_held_and_swap_in_moves_back_only_what_was_evicted()
    {
        // 16-token blocks, 32-token prefix blocks (2 KV blocks each).
        var kv = new KvBlockManager(20, 16, 32);
        Assert.True(kv.TryAllocate(100, [1, 2, 3], out var a)); // 3 entries (6 blocks) + ceil(4/16) = 7
        Assert.True(kv.TryAllocate(40, [1, 9], out var b));     // hit 1 (2 blocks) + 1 new
        kv.StartDecoding(a.Sequence);
        Assert.True(kv.TryDecodeStep());                         // 101 tokens, still 7 blocks

        var swapped = kv.SwapOut(a.Sequence, bytesPerBlock: 327_680);
        Assert.Equal(new KvSwapOut(7, 7 * 327_680L, 101), swapped);
        Assert.False(kv.IsLive(a.Sequence));
        Assert.Equal((3, 4), (kv.UsedBlocks, kv.CachedBlocks));

        // Swap-in while its prefix is still resident: only the private block moves back.
        Assert.True(kv.TryAllocate(swapped.Tokens, [1, 2, 3], out var back));
        Assert.Equal((6, 1), (back.HitBlocks, back.NewBlocks));
        kv.Free(back.Sequence);

        // Evict all cached prefix blocks (2 and 3), then swap in again: 2 hit (in use by b), 5 move.
        Assert.True(kv.TryAllocate(16 * kv.AvailableBlocks, out var filler));
        kv.Free(filler.Sequence);
        Assert.True(kv.TryAllocate(swapped.Tokens, [1, 2, 3], out var late));
        Assert.Equal((2, 5), (late.HitBlocks, late.NewBlocks));
        kv.Free(b.Sequence);
        kv.CheckInvariants();
    }

    [Fact]
    public void A_freed_or_default_handle_is_rejected()
    {
        var kv = new KvBlockManager(8, 16);
        Assert.True(kv.TryAllocate(5, out var a));
        kv.Free(a.Sequence);
        Assert.True(kv.TryAllocate(5, out var reused));

        Assert.Equal(a.Sequence.Id, reused.Sequence.Id);
        Assert.Throws<InvalidOperationException>(() => kv.Free(a.Sequence));
        Assert.Throws<InvalidOperationException>(() => kv.Tokens(default));
        Assert.Equal(5, kv.Tokens(reused.Sequence));
    }

    [Fact]
    public void A_prefix_block_that_is_not_a_whole_number_of_kv_blocks_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new KvBlockManager(10, 16, 40));
        Assert.Throws<ArgumentOutOfRangeException>(() => new KvBlockManager(10, 0));
    }

    [Fact]
    public void The_serving_hot_path_allocates_nothing_in_steady_state()
    {
        var kv = new KvBlockManager(4096, 16, 512);
        long[][] prompts = [[1, 2, 3, 4], [1, 2, 5], [1, 6, 7, 8, 9, 10], [11]];
        var live = new KvSequence[64];

        void Cycle(int round)
        {
            for (var i = 0; i < live.Length; i++)
            {
                var prompt = prompts[(i + round) % prompts.Length];
                if (!kv.TryAllocate(300 + (512 * prompt.Length), prompt, out var allocation))
                {
                    throw new InvalidOperationException("the test cache should hold every prompt");
                }

                live[i] = allocation.Sequence;
                kv.StartDecoding(live[i]);
            }

            for (var step = 0; step < 40; step++)
            {
                if (!kv.TryDecodeStep())
                {
                    throw new InvalidOperationException("the test cache should hold every step");
                }
            }

            for (var i = 0; i < live.Length; i++)
            {
                kv.Free(live[i]);
            }
        }

        Cycle(0);
        Cycle(1);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var round = 2; round < 50; round++)
        {
            Cycle(round);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}

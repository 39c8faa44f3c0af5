using ClusterSim.Model.Serving.KvCache;

namespace ClusterSim.Model.Tests.Serving.KvCache;

public sealed class KvBlockManagerPropertyTests
{
    [Theory]
    [InlineData(64, 16, 64, 1)]    // 4 KV blocks per prefix block
    [InlineData(48, 4, 4, 2)]      // prefix block = KV block
    [InlineData(200, 16, 512, 3)]  // the Mooncake layout: 32 KV blocks per hash id
    [InlineData(40, 8, 0, 4)]      // prefix caching off
    public void Random_operations_agree_with_a_naive_model_and_conserve_blocks(
        int capacity, int blockSize, int prefixTokens, int seed)
    {
        var rng = new Random(seed);
        var kv = new KvBlockManager(capacity, blockSize, prefixTokens);
        var model = new ReferenceKvCache(capacity, blockSize, prefixTokens);
        var live = new List<(int Id, KvSequence Handle)>();
        var nextId = 0;
        var unit = prefixTokens == 0 ? 4 * blockSize : prefixTokens;
        var seen = new Dictionary<string, int>();

        void Saw(string what) => seen[what] = seen.GetValueOrDefault(what) + 1;

        for (var op = 0; op < 20_000; op++)
        {
            var roll = rng.Next(100);
            if (roll < 30 || live.Count == 0)
            {
                var hashes = RandomPrompt(rng, prefixTokens == 0 ? 0 : capacity * blockSize / prefixTokens);
                var tokens = rng.Next(1, (hashes.Length + 1) * unit);
                var canAllocate = kv.CanAllocate(tokens, hashes);
                var ok = kv.TryAllocate(tokens, hashes, out var allocation);
                var modelOk = model.TryAllocate(nextId, tokens, hashes, out var hitBlocks, out var newBlocks);
                Assert.Equal(modelOk, ok);
                Assert.Equal(ok, canAllocate);
                if (ok)
                {
                    Assert.Equal((hitBlocks, newBlocks), (allocation.HitBlocks, allocation.NewBlocks));
                    Assert.Equal(allocation.HitBlocks / Math.Max(1, prefixTokens / blockSize) * prefixTokens, allocation.HitTokens);
                    live.Add((nextId++, allocation.Sequence));
                    Saw(hitBlocks > 0 ? "hit" : "miss");
                }
                else
                {
                    Saw("allocation refused");
                }
            }
            else if (roll < 40)
            {
                var (id, handle) = live[rng.Next(live.Count)];
                var tokens = rng.Next(0, 3 * blockSize);
                Assert.Equal(model.TryGrow(id, tokens), kv.TryGrow(handle, tokens));
            }
            else if (roll < 50)
            {
                var (id, handle) = live[rng.Next(live.Count)];
                if (!kv.IsDecoding(handle))
                {
                    kv.StartDecoding(handle);
                    model.SetDecoding(id, true);
                }
            }
            else if (roll < 55)
            {
                var (id, handle) = live[rng.Next(live.Count)];
                if (kv.IsDecoding(handle))
                {
                    kv.StopDecoding(handle);
                    model.SetDecoding(id, false);
                }
            }
            else if (roll < 80)
            {
                Assert.Equal(model.NeededForDecodeStep, kv.BlocksNeededForDecodeStep);
                var ok = kv.TryDecodeStep();
                Assert.Equal(model.TryDecodeStep(), ok);
                Saw(ok ? "decode step" : "decode step refused");
            }
            else if (roll < 95)
            {
                var index = rng.Next(live.Count);
                var (id, handle) = live[index];
                live.RemoveAt(index);
                if (rng.Next(2) == 0)
                {
                    Assert.Equal(model.Release(id), kv.Free(handle));
                }
                else
                {
                    var tokens = model.Tokens(id);
                    var swapped = kv.SwapOut(handle, 1000);
                    Assert.Equal(new KvSwapOut(model.Release(id), 1000L * swapped.Blocks, tokens), swapped);
                }
            }
            else
            {
                var hashes = RandomPrompt(rng, 64);
                Assert.Equal(model.Match(hashes), kv.MatchPrefix(hashes));
            }

            Assert.Equal((model.FreeBlocks, model.Used, model.Cached), (kv.FreeBlocks, kv.UsedBlocks, kv.CachedBlocks));
            Assert.Equal(capacity, kv.FreeBlocks + kv.UsedBlocks + kv.CachedBlocks);
            Assert.Equal((live.Count, model.Decoding), (kv.LiveSequences, kv.DecodingSequences));
            if (live.Count > 0)
            {
                var (id, handle) = live[rng.Next(live.Count)];
                Assert.Equal((model.Tokens(id), model.BlocksHeld(id)), (kv.Tokens(handle), kv.BlocksHeld(handle)));
            }

            kv.CheckInvariants();
        }

        // The walk must have met every situation, or agreeing proves little.
        foreach (var what in new[] { "miss", "allocation refused", "decode step", "decode step refused" })
        {
            Assert.True(seen.GetValueOrDefault(what) >= 20, $"only {seen.GetValueOrDefault(what)} '{what}' in the random walk");
        }

        if (prefixTokens > 0)
        {
            Assert.True(seen.GetValueOrDefault("hit") >= 100, $"only {seen.GetValueOrDefault("hit")} prefix hits in the random walk");
            Assert.True(kv.EvictedBlocks > 0, "the random walk never evicted a cached block");
        }
    }

    // A prompt is a walk down a small tree of conversations: ids depend on the whole path, as
    // they do in the Mooncake traces, so prompts share leading ids. Now and then a broken prompt
    // repeats an id, which the manager must survive.
    private static long[] RandomPrompt(Random rng, int maxLength)
    {
        var length = rng.Next(0, Math.Min(maxLength, 8) + 1);
        var hashes = new long[length];
        long path = 1;
        for (var i = 0; i < length; i++)
        {
            path = (path * 4) + rng.Next(4);
            hashes[i] = path;
        }

        if (length >= 2 && rng.Next(20) == 0)
        {
            hashes[length - 1] = hashes[length - 2];
        }

        return hashes;
    }
}

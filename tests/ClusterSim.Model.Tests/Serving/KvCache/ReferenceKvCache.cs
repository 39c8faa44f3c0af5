namespace ClusterSim.Model.Tests.Serving.KvCache;

/// <summary>
/// The KV cache rules written the slow, obvious way: token counts per sequence, a list for the
/// LRU order, every block count recomputed from scratch, decode one token per sequence at a
/// time. The property test drives it and <c>KvBlockManager</c> with the same operations and
/// compares every answer.
/// </summary>
internal sealed class ReferenceKvCache(int capacity, int blockSize, int prefixTokens)
{
    private readonly int _blocksPerEntry = prefixTokens / blockSize;
    private readonly Dictionary<int, Sequence> _sequences = [];
    private readonly Dictionary<long, int> _references = [];
    private readonly List<long> _lru = [];

    public int Used => _sequences.Values.Sum(PrivateBlocks) + (_references.Count(r => r.Value > 0) * _blocksPerEntry);

    public int Cached => _lru.Count * _blocksPerEntry;

    public int FreeBlocks => capacity - Used - Cached;

    public int Decoding => _sequences.Values.Count(s => s.Decoding);

    public int NeededForDecodeStep => _sequences.Values.Count(s => s.Decoding && PrivateTokens(s) % blockSize == 0);

    public bool TryAllocate(int id, int tokens, long[] hashes, out int hitBlocks, out int newBlocks)
    {
        var full = prefixTokens == 0 ? 0 : Math.Min(hashes.Length, tokens / prefixTokens);
        var hits = new List<long>();
        while (hits.Count < full && _references.ContainsKey(hashes[hits.Count]) && !hits.Contains(hashes[hits.Count]))
        {
            hits.Add(hashes[hits.Count]);
        }

        var cachedHits = hits.Count(h => _references[h] == 0);
        hitBlocks = hits.Count * _blocksPerEntry;
        newBlocks = Blocks(tokens) - hitBlocks;
        if (newBlocks > FreeBlocks + Cached - (cachedHits * _blocksPerEntry))
        {
            return false;
        }

        foreach (var hash in hits)
        {
            _lru.Remove(hash);
            _references[hash]++;
        }

        EvictUntilFree(newBlocks);
        var prefix = new List<long>(hits);
        while (prefix.Count < full && !_references.ContainsKey(hashes[prefix.Count]))
        {
            _references[hashes[prefix.Count]] = 1;
            prefix.Add(hashes[prefix.Count]);
        }

        _sequences.Add(id, new Sequence { Tokens = tokens, Prefix = prefix });
        return true;
    }

    public bool TryGrow(int id, int tokens)
    {
        var sequence = _sequences[id];
        var needed = Blocks(PrivateTokens(sequence) + tokens) - Blocks(PrivateTokens(sequence));
        if (needed > FreeBlocks + Cached)
        {
            return false;
        }

        EvictUntilFree(needed);
        sequence.Tokens += tokens;
        return true;
    }

    public bool TryDecodeStep()
    {
        var needed = NeededForDecodeStep;
        if (needed > FreeBlocks + Cached)
        {
            return false;
        }

        EvictUntilFree(needed);
        foreach (var sequence in _sequences.Values.Where(s => s.Decoding))
        {
            sequence.Tokens++;
        }

        return true;
    }

    public void SetDecoding(int id, bool decoding) => _sequences[id].Decoding = decoding;

    public int Tokens(int id) => _sequences[id].Tokens;

    public int BlocksHeld(int id) => PrivateBlocks(_sequences[id]) + (_sequences[id].Prefix.Count * _blocksPerEntry);

    public int Release(int id)
    {
        var held = BlocksHeld(id);
        var sequence = _sequences[id];
        _sequences.Remove(id);
        for (var i = sequence.Prefix.Count - 1; i >= 0; i--)
        {
            if (--_references[sequence.Prefix[i]] == 0)
            {
                _lru.Add(sequence.Prefix[i]);
            }
        }

        return held;
    }

    public int Match(long[] hashes)
    {
        var matched = 0;
        while (prefixTokens > 0 && matched < hashes.Length && _references.ContainsKey(hashes[matched])
            && Array.IndexOf(hashes, hashes[matched]) == matched)
        {
            matched++;
        }

        return matched;
    }

    private void EvictUntilFree(int blocks)
    {
        while (FreeBlocks < blocks)
        {
            _references.Remove(_lru[0]);
            _lru.RemoveAt(0);
        }
    }

    private int PrivateTokens(Sequence sequence) => sequence.Tokens - (sequence.Prefix.Count * prefixTokens);

    private int PrivateBlocks(Sequence sequence) => Blocks(PrivateTokens(sequence));

    private int Blocks(int tokens) => (tokens + blockSize - 1) / blockSize;

    private sealed class Sequence
    {
        public int Tokens { get; set; }

        public required List<long> Prefix { get; init; }

        public bool Decoding { get; set; }
    }
}

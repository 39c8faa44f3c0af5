using System.Runtime.CompilerServices;

namespace ClusterSim.Model.Serving.KvCache;

/// <summary>
/// The paged KV cache of one replica (vLLM's block manager): a fixed number of blocks of
/// <see cref="BlockSizeTokens"/> tokens each, handed to sequences as their context grows, with
/// optional prefix caching of shared, reference-counted blocks and LRU eviction.
/// </summary>
/// <remarks>
/// <para>
/// <b>Counts, not block ids.</b> Paged allocation has no external fragmentation, so which
/// physical block a sequence gets never changes a simulated time; only how many are free, in
/// use and cached does. The manager therefore keeps counts and, per sequence, its token count
/// and its list of shared prefix entries. Every block is in exactly one state:
/// <see cref="FreeBlocks"/> + <see cref="UsedBlocks"/> + <see cref="CachedBlocks"/> =
/// <see cref="CapacityBlocks"/>.
/// </para>
/// <para>
/// <b>Prefix caching.</b> Granularity is the prefix block of <see cref="PrefixBlockTokens"/>
/// tokens (512 in the Mooncake traces, whose <c>hash_ids</c> name one such block each, equal ids
/// meaning reusable KV); it must be a whole number of KV blocks, and one prefix entry owns
/// <c>PrefixBlockTokens / BlockSizeTokens</c> KV blocks (32 for 16-token KV blocks). Only full
/// prefix blocks of a prompt are cached: a trailing partial block stays private, as in vLLM,
/// because the next turn of a conversation extends it into a different block. A new sequence
/// reuses the longest run of leading hash ids that are resident and registers its remaining
/// full blocks as new entries from the moment they are allocated (a sequence admitted in the
/// same iteration as the one computing them shares them at once, a slight optimism). Entries
/// no sequence references stay cached and are evicted least recently released first when free
/// blocks run out; a sequence releases its entries last-to-first, so a prefix's tail goes before
/// its head (vLLM v1 does the same).
/// </para>
/// <para>
/// <b>Decode without per-token work.</b> A sequence may join the decode group
/// (<see cref="StartDecoding"/>): every <see cref="TryDecodeStep"/> then adds one token to each
/// member in O(1). A member needs a new block exactly when its token count sits on a block
/// boundary; members are counted by the step at which that happens modulo the block size, so
/// the number of blocks a step needs is one array read. Token counts of members are derived
/// from the step counter when asked for.
/// </para>
/// <para>
/// <b>Preemption.</b> Recompute: <see cref="Free"/>, later <see cref="TryAllocate(int, ReadOnlySpan{long}, out KvAllocation)"/>
/// for prompt plus generated tokens (cached prefix blocks are not recomputed). Swap:
/// <see cref="SwapOut"/> releases the blocks and reports blocks and bytes to move; swap-in is an
/// allocation of the reported tokens whose <see cref="KvAllocation.NewBlocks"/> are the blocks
/// to move back (prefix blocks still resident need no transfer). Swap-out moves every block the
/// sequence held, shared ones included, as vLLM does, because a shared block may be evicted
/// before the sequence returns.
/// </para>
/// <para>
/// Allocation-free in steady state: per-sequence prefix lists come from a pool owned by the
/// manager and the hash index is sized for the most entries the capacity can hold. Not
/// thread-safe: one manager per replica, driven by the simulation thread.
/// </para>
/// </remarks>
public sealed class KvBlockManager
{
    private const int None = -1;

    private readonly int _capacity;
    private readonly int _blockSize;
    private readonly int _prefixTokens;
    private readonly int _blocksPerEntry;

    private int _free;
    private int _used;
    private int _cached;
    private long _evictedBlocks;

    private SequenceSlot[] _sequences = new SequenceSlot[64];
    private int _sequenceHighWater;
    private int _sequenceFreeHead = None;
    private int _liveSequences;
    private readonly Stack<int[]>?[] _prefixListPool = new Stack<int[]>?[31];

    private readonly PrefixEntry[] _entries;
    private readonly Dictionary<long, int> _entryByHash;
    private int _entryHighWater;
    private int _entryFreeHead = None;
    private int _lruHead = None;
    private int _lruTail = None;
    private long _walkStamp;

    private readonly int[] _decodersByPhase;
    private int _decoders;
    private long _step;

    // _step % _blockSize, kept as _step advances: asked at every decode step, and a 64-bit division there cost more than the step's other work.
    private int _stepPhase;

    /// <param name="capacityBlocks">KV blocks the HBM budget holds (0 or more).</param>
    /// <param name="blockSizeTokens">Tokens per KV block (vLLM's default is 16).</param>
    /// <param name="prefixBlockTokens">
    /// Tokens per prefix hash id, a multiple of <paramref name="blockSizeTokens"/>; 0 turns
    /// prefix caching off (hash ids passed in are then ignored).
    /// </param>
    public KvBlockManager(int capacityBlocks, int blockSizeTokens, int prefixBlockTokens = 0)
    {
        if (capacityBlocks < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacityBlocks), capacityBlocks, "expected 0 or more blocks");
        }

        if (blockSizeTokens < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(blockSizeTokens), blockSizeTokens, "expected 1 or more tokens per block");
        }

        if (prefixBlockTokens < 0 || prefixBlockTokens % blockSizeTokens != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(prefixBlockTokens), prefixBlockTokens,
                $"expected 0 (no prefix caching) or a multiple of the {blockSizeTokens}-token block size");
        }

        _capacity = capacityBlocks;
        _blockSize = blockSizeTokens;
        _prefixTokens = prefixBlockTokens;
        _blocksPerEntry = prefixBlockTokens / blockSizeTokens;
        _free = capacityBlocks;
        _decodersByPhase = new int[blockSizeTokens];

        // Each resident entry owns _blocksPerEntry blocks, so the capacity bounds their number:
        // sizing the table and the index for it up front keeps admission allocation-free.
        var maxEntries = _blocksPerEntry == 0 ? 0 : capacityBlocks / _blocksPerEntry;
        _entries = new PrefixEntry[maxEntries];
        _entryByHash = new Dictionary<long, int>(maxEntries);
    }

    /// <summary>Blocks in the cache.</summary>
    public int CapacityBlocks => _capacity;

    /// <summary>Tokens per KV block.</summary>
    public int BlockSizeTokens => _blockSize;

    /// <summary>Tokens per prefix hash id; 0 when prefix caching is off.</summary>
    public int PrefixBlockTokens => _prefixTokens;

    /// <summary>Blocks holding nothing.</summary>
    public int FreeBlocks => _free;

    /// <summary>Blocks referenced by live sequences (a shared block counts once).</summary>
    public int UsedBlocks => _used;

    /// <summary>Prefix blocks no live sequence references: kept for reuse, evicted on demand.</summary>
    public int CachedBlocks => _cached;

    /// <summary>Blocks an allocation can get: free plus evictable cached ones.</summary>
    public int AvailableBlocks => _free + _cached;

    /// <summary>
    /// Fraction of the capacity referenced by live sequences, 0 to 1. Cached blocks are left
    /// out: they give way to any allocation, so they are not memory pressure.
    /// </summary>
    public double Occupancy => _capacity == 0 ? 0 : (double)_used / _capacity;

    /// <summary>Sequences allocated and not yet freed.</summary>
    public int LiveSequences => _liveSequences;

    /// <summary>Sequences in the decode group, each beam of a beam-search request counted.</summary>
    public int DecodingSequences => _decoders;

    /// <summary>Cached prefix blocks evicted so far.</summary>
    public long EvictedBlocks => _evictedBlocks;

    /// <summary>Blocks that <paramref name="tokens"/> tokens fill, ignoring prefix reuse.</summary>
    public int BlocksFor(int tokens)
    {
        CheckTokens(tokens);
        return (int)(((long)tokens + _blockSize - 1) / _blockSize);
    }

    /// <summary>
    /// Blocks a beam-search request of <paramref name="beams"/> beams holds once each beam has <paramref name="tokens"/>
    /// tokens of which <paramref name="promptTokens"/> are its prompt, ignoring prefix reuse: the prompt's blocks shared but
    /// the last, which each beam has a copy of, and each beam's own blocks past it (TensorRT-LLM's KV cache manager:
    /// "the last block cannot be shared between beams because it will be written to"). One beam: <see cref="BlocksFor"/>.
    /// </summary>
    public int BlocksForBeams(int promptTokens, int tokens, int beams)
    {
        if (beams == 1)
        {
            return BlocksFor(tokens);
        }

        CheckBeams(beams);
        CheckTokens(promptTokens);
        CheckTokens(tokens);
        return checked((int)BlocksForBeams(promptTokens, tokens, beams, _blockSize));
    }

    /// <summary>
    /// <see cref="BlocksForBeams(int, int, int)"/> for blocks of <paramref name="blockSize"/> tokens, without a cache (the
    /// step pricer's limits): the prompt's blocks shared but the last, and each beam's own blocks past it.
    /// </summary>
    public static long BlocksForBeams(long promptTokens, long tokens, int beams, int blockSize)
    {
        if (promptTokens < 1 || promptTokens > tokens)
        {
            throw new ArgumentOutOfRangeException(nameof(promptTokens), promptTokens, $"expected a prompt of 1 to the {tokens} tokens of a beam");
        }

        CheckBeams(beams);

        var all = (tokens + blockSize - 1) / blockSize;
        if (beams == 1)
        {
            return all;
        }

        var shared = ((promptTokens + blockSize - 1) / blockSize) - 1;
        return checked(shared + (beams * (all - shared)));
    }

    /// <summary>
    /// Whether a sequence of <paramref name="tokens"/> tokens with no reusable prefix fits,
    /// leaving at least <paramref name="reserveBlocks"/> available (vLLM's watermark).
    /// </summary>
    public bool CanAllocate(int tokens, int reserveBlocks = 0) => CanAllocate(tokens, default, reserveBlocks);

    /// <summary>
    /// Whether a sequence of <paramref name="tokens"/> tokens whose prompt has the given prefix
    /// hash ids fits, counting the blocks its cached prefix lends it and leaving at least
    /// <paramref name="reserveBlocks"/> available. Changes nothing.
    /// </summary>
    public bool CanAllocate(int tokens, ReadOnlySpan<long> prefixHashes, int reserveBlocks = 0)
    {
        var fullEntries = FullEntries(tokens, prefixHashes);
        var hits = WalkHits(prefixHashes, fullEntries, out var cachedHits);
        var newBlocks = BlocksFor(tokens) - (hits * _blocksPerEntry);
        return newBlocks + reserveBlocks <= _free + _cached - (cachedHits * _blocksPerEntry);
    }

    /// <summary>
    /// How many leading ids of <paramref name="prefixHashes"/> have their KV resident here (in
    /// use or cached): what a prefix-aware router asks each replica. Changes nothing, not even
    /// the LRU order.
    /// </summary>
    public int MatchPrefix(ReadOnlySpan<long> prefixHashes) =>
        _blocksPerEntry == 0 ? 0 : WalkHits(prefixHashes, prefixHashes.Length, out _);

    /// <summary>Allocates a sequence of <paramref name="tokens"/> tokens without prefix reuse.</summary>
    public bool TryAllocate(int tokens, out KvAllocation allocation) => TryAllocate(tokens, default, out allocation);

    /// <summary>
    /// Allocates a sequence of <paramref name="tokens"/> tokens (a prompt, or prompt plus
    /// generated tokens after a preemption), reusing the longest cached run of its prompt's
    /// prefix hash ids and registering its other full prefix blocks. Evicts cached blocks, least
    /// recently released first, when free ones run short. Returns false and changes nothing when
    /// the blocks are not there.
    /// </summary>
    public bool TryAllocate(int tokens, ReadOnlySpan<long> prefixHashes, out KvAllocation allocation)
        => TryAllocate(tokens, prefixHashes, 1, out allocation);

    /// <summary>
    /// <see cref="TryAllocate(int, ReadOnlySpan{long}, out KvAllocation)"/> for a request of <paramref name="beams"/> beams
    /// (beam search): its prompt is computed once into shared blocks, and each beam but the first takes a copy of the last
    /// one now, as TensorRT-LLM allocates them when it adds the request. The beams fork when it starts decoding
    /// (<see cref="StartDecoding"/>), each taking blocks of its own from then on; such a sequence grows only by decoding.
    /// </summary>
    public bool TryAllocate(int tokens, ReadOnlySpan<long> prefixHashes, int beams, out KvAllocation allocation)
    {
        CheckBeams(beams);
        var fullEntries = FullEntries(tokens, prefixHashes);
        var hits = WalkHits(prefixHashes, fullEntries, out var cachedHits);
        var newBlocks = BlocksFor(tokens) - (hits * _blocksPerEntry) + (beams - 1);
        if (newBlocks > _free + _cached - (cachedHits * _blocksPerEntry))
        {
            allocation = default;
            return false;
        }

        var prefix = fullEntries == 0 ? [] : RentPrefixList(fullEntries);

        // Take the hits before evicting, so that eviction cannot pick them.
        for (var i = 0; i < hits; i++)
        {
            var entry = _entryByHash[prefixHashes[i]];
            Acquire(entry);
            prefix[i] = entry;
        }

        TakeBlocks(newBlocks);

        // Register the rest of the full prefix blocks; their blocks are among the new ones. An
        // id already resident past the first miss would be a broken trace (ids name whole
        // prefixes); such blocks simply stay private.
        var entries = hits;
        while (entries < fullEntries && !_entryByHash.ContainsKey(prefixHashes[entries]))
        {
            prefix[entries] = NewEntry(prefixHashes[entries]);
            entries++;
        }

        var id = NewSequenceSlot();
        ref var slot = ref _sequences[id];
        slot.Tokens = tokens;
        slot.Prefix = prefix;
        slot.PrefixCount = entries;
        slot.Beams = beams;
        slot.Forked = false;
        allocation = new KvAllocation(new KvSequence(id, slot.Generation), hits * _blocksPerEntry,
            hits * _prefixTokens, newBlocks);
        return true;
    }

    /// <summary>
    /// Adds <paramref name="tokens"/> tokens to a sequence (a prefill chunk, or decode outside
    /// the decode group), taking the blocks that crossing block boundaries needs. O(1). Returns
    /// false and changes nothing when they are not there: the caller preempts someone.
    /// </summary>
    public bool TryGrow(KvSequence sequence, int tokens)
    {
        ref var slot = ref Slot(sequence);
        if (tokens < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(tokens), tokens, "expected 0 or more tokens");
        }

        if (slot.Forked)
        {
            throw new InvalidOperationException($"KV sequence {sequence.Id} holds {slot.Beams} beams: it grows only by decode steps");
        }

        var current = CurrentTokens(in slot);
        var grown = checked(current + tokens);
        var privateNow = current - (slot.PrefixCount * _prefixTokens);
        var needed = Ceil(privateNow + tokens) - Ceil(privateNow);
        if (needed > _free + _cached)
        {
            return false;
        }

        TakeBlocks(needed);
        if (slot.Decoding)
        {
            _decodersByPhase[slot.Phase]--;
            slot.JoinStep = _step;
            slot.Phase = PhaseOf(_step, grown);
            _decodersByPhase[slot.Phase]++;
        }

        slot.Tokens = grown;
        return true;
    }

    /// <summary>Puts a sequence in the decode group: each decode step adds one token to it (to each of its beams).</summary>
    public void StartDecoding(KvSequence sequence)
    {
        ref var slot = ref Slot(sequence);
        if (slot.Decoding)
        {
            throw new InvalidOperationException($"KV sequence {sequence.Id} is already decoding");
        }

        if (slot.Beams > 1 && !slot.Forked)
        {
            // The beams fork here: the blocks so far stay shared (the last block's copies were taken at allocation), and
            // from now on each beam fills blocks of its own, all at the same phase.
            slot.Forked = true;
            slot.ForkPrivate = slot.Tokens - (slot.PrefixCount * _prefixTokens);
        }

        slot.Decoding = true;
        slot.JoinStep = _step;
        slot.Phase = PhaseOf(_step, slot.Tokens);
        _decodersByPhase[slot.Phase] += slot.Beams;
        _decoders += slot.Beams;
    }

    /// <summary>Takes a sequence out of the decode group (its tokens so far are kept).</summary>
    public void StopDecoding(KvSequence sequence)
    {
        ref var slot = ref Slot(sequence);
        if (!slot.Decoding)
        {
            throw new InvalidOperationException($"KV sequence {sequence.Id} is not decoding");
        }

        LeaveDecodeGroup(ref slot);
    }

    /// <summary>Blocks the next decode step needs: members whose blocks are exactly full.</summary>
    public int BlocksNeededForDecodeStep => _decoders == 0 ? 0 : _decodersByPhase[_stepPhase];

    /// <summary>
    /// Blocks the next <paramref name="steps"/> decode steps need together (members crossing block
    /// boundaries on the way), in O(min(steps, block size)): lets a replica check that a run of
    /// decode-only iterations fits before it commits to them.
    /// </summary>
    public long BlocksNeededForSteps(int steps)
    {
        if (_decoders == 0 || steps <= 0)
        {
            return 0;
        }

        long total = (long)(steps / _blockSize) * _decoders;
        var rest = steps % _blockSize;
        for (var j = 0; j < rest; j++)
        {
            total += _decodersByPhase[(int)((_step + j) % _blockSize)];
        }

        return total;
    }

    /// <summary>
    /// Adds one token to every sequence in the decode group in O(1), taking a block for each
    /// that crosses a block boundary. Returns false and changes nothing when the blocks are not
    /// there: the caller preempts (frees or swaps out) sequences and tries again.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryDecodeStep()
    {
        var needed = BlocksNeededForDecodeStep;
        if (needed > _free + _cached)
        {
            return false;
        }

        // Inlined into the replica's per-step loop: free blocks nearly always suffice, eviction stays out of line.
        if (_free >= needed)
        {
            _free -= needed;
            _used += needed;
        }
        else
        {
            TakeBlocks(needed);
        }

        _step++;
        if (++_stepPhase == _blockSize)
        {
            _stepPhase = 0;
        }

        return true;
    }

    /// <summary>
    /// <paramref name="occupancyAfter"/>.Length decode steps at once, each as <see cref="TryDecodeStep"/>, writing
    /// <see cref="Occupancy"/> after each step. The caller has checked that the blocks are there
    /// (<see cref="BlocksNeededForSteps"/>); throws if they are not, with the steps before taken.
    /// </summary>
    public void DecodeSteps(Span<double> occupancyAfter)
    {
        var steps = occupancyAfter.Length;
        if (steps == 0)
        {
            return;
        }

        if (_decoders == 0 || BlocksNeededForSteps(steps) > _free)
        {
            // Nothing to take, or eviction on the way: step by step.
            for (var j = 0; j < steps; j++)
            {
                if (!TryDecodeStep())
                {
                    throw new InvalidOperationException("a decode run took more KV blocks than it checked for");
                }

                occupancyAfter[j] = Occupancy;
            }

            return;
        }

        // Free blocks cover the whole run: TryDecodeStep's arithmetic on locals, the fields written once.
        var byPhase = _decodersByPhase;
        var phase = _stepPhase;
        var used = _used;
        var taken = 0;
        var blockSize = _blockSize;
        double capacity = _capacity;
        for (var j = 0; j < steps; j++)
        {
            var needed = byPhase[phase];
            used += needed;
            taken += needed;
            if (++phase == blockSize)
            {
                phase = 0;
            }

            occupancyAfter[j] = capacity == 0 ? 0 : used / capacity;
        }

        _used = used;
        _free -= taken;
        _step += steps;
        _stepPhase = phase;
    }

    /// <summary>
    /// Starts a run of up to <paramref name="steps"/> decode steps taken one by one from <paramref name="run"/>, when free
    /// blocks cover them all (no eviction on the way) and the decode group is not empty; false otherwise, and the caller
    /// steps as <see cref="DecodeSteps"/> does. Nothing else may change the cache before <see cref="EndDecodeRun"/>.
    /// </summary>
    public bool TryBeginDecodeRun(int steps, out KvDecodeRun run)
    {
        if (_decoders == 0 || _capacity == 0 || BlocksNeededForSteps(steps) > _free)
        {
            run = default;
            return false;
        }

        run = new KvDecodeRun(_decodersByPhase, _blockSize, _capacity, _stepPhase, _used);
        return true;
    }

    /// <summary>
    /// The <paramref name="steps"/> steps <paramref name="run"/> took, written to the cache at once (the same state as that
    /// many <see cref="TryDecodeStep"/>).
    /// </summary>
    public void EndDecodeRun(in KvDecodeRun run, int steps)
    {
        _free -= run.Used - _used;
        _used = run.Used;
        _step += steps;
        _stepPhase = run.Phase;
    }

    /// <summary>Tokens the sequence holds now.</summary>
    public int Tokens(KvSequence sequence) => CurrentTokens(in Slot(sequence));

    /// <summary>Blocks the sequence references, its shared prefix blocks included.</summary>
    public int BlocksHeld(KvSequence sequence)
    {
        ref var slot = ref Slot(sequence);
        return PrivateBlocks(in slot) + (slot.PrefixCount * _blocksPerEntry);
    }

    /// <summary>Whether the handle names a sequence that has not been freed.</summary>
    public bool IsLive(KvSequence sequence) =>
        (uint)sequence.Id < (uint)_sequenceHighWater
        && _sequences[sequence.Id].Live
        && _sequences[sequence.Id].Generation == sequence.Generation;

    /// <summary>Whether the sequence is in the decode group.</summary>
    public bool IsDecoding(KvSequence sequence) => Slot(sequence).Decoding;

    /// <summary>
    /// Releases a finished or preempted sequence: its private blocks become free, its prefix
    /// entries lose a reference (and become cached at none). Returns the blocks it held.
    /// The handle is dead afterwards.
    /// </summary>
    public int Free(KvSequence sequence)
    {
        ref var slot = ref Slot(sequence);
        if (slot.Decoding)
        {
            LeaveDecodeGroup(ref slot);
        }

        var privateBlocks = PrivateBlocks(in slot);
        _used -= privateBlocks;
        _free += privateBlocks;

        var prefix = slot.Prefix!;
        for (var i = slot.PrefixCount - 1; i >= 0; i--)
        {
            Release(prefix[i]);
        }

        var held = privateBlocks + (slot.PrefixCount * _blocksPerEntry);
        if (prefix.Length > 0)
        {
            ReturnPrefixList(prefix);
        }

        slot.Prefix = null;
        slot.PrefixCount = 0;
        slot.Tokens = 0;
        slot.Live = false;
        slot.Generation++;
        slot.NextFree = _sequenceFreeHead;
        _sequenceFreeHead = sequence.Id;
        _liveSequences--;
        return held;
    }

    /// <summary>
    /// Preempts a sequence by swapping it out: frees it as <see cref="Free"/> does and reports
    /// the blocks, bytes (at <paramref name="bytesPerBlock"/>) and tokens to move and restore.
    /// </summary>
    public KvSwapOut SwapOut(KvSequence sequence, long bytesPerBlock)
    {
        if (bytesPerBlock < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bytesPerBlock), bytesPerBlock, "expected 0 or more bytes per block");
        }

        var tokens = Tokens(sequence);
        var blocks = Free(sequence);
        return new KvSwapOut(blocks, checked(blocks * bytesPerBlock), tokens);
    }

    /// <summary>
    /// Recounts every figure from the per-sequence and per-entry state and throws if a running
    /// counter disagrees. O(sequences + entries): for tests and debugging.
    /// </summary>
    internal void CheckInvariants()
    {
        var used = 0;
        var references = new Dictionary<int, int>();
        var phases = new int[_blockSize];
        var live = 0;
        var decoders = 0;
        for (var id = 0; id < _sequenceHighWater; id++)
        {
            ref var slot = ref _sequences[id];
            if (!slot.Live)
            {
                continue;
            }

            live++;
            used += PrivateBlocks(in slot);
            for (var i = 0; i < slot.PrefixCount; i++)
            {
                references[slot.Prefix![i]] = references.GetValueOrDefault(slot.Prefix[i]) + 1;
            }

            if (slot.Decoding)
            {
                decoders += slot.Beams;
                phases[slot.Phase] += slot.Beams;
            }
        }

        var cached = 0;
        var lruLength = 0;
        for (var e = _lruHead; e != None; e = _entries[e].Next)
        {
            lruLength++;
            Require(_entries[e].RefCount == 0, $"entry {e} is in the LRU list with references");
        }

        foreach (var (hash, e) in _entryByHash)
        {
            Require(_entries[e].Hash == hash, $"entry {e} is indexed under the wrong hash");
            var expected = references.GetValueOrDefault(e);
            Require(_entries[e].RefCount == expected, $"entry {e} counts {_entries[e].RefCount} references, sequences hold {expected}");
            if (expected > 0)
            {
                used += _blocksPerEntry;
            }
            else
            {
                cached += _blocksPerEntry;
            }
        }

        Require(lruLength * _blocksPerEntry == cached, "the LRU list and the unreferenced entries differ");
        Require(used == _used, $"used blocks: counter {_used}, recount {used}");
        Require(cached == _cached, $"cached blocks: counter {_cached}, recount {cached}");
        Require(_free + _used + _cached == _capacity, "free + used + cached differs from the capacity");
        Require(_free >= 0, "negative free blocks");
        Require(live == _liveSequences, "live sequence count");
        Require(decoders == _decoders, "decoding sequence count");
        Require(phases.AsSpan().SequenceEqual(_decodersByPhase), "decode phase counts");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("KV block manager invariant broken: " + message);
        }
    }

    private int FullEntries(int tokens, ReadOnlySpan<long> prefixHashes)
    {
        CheckTokens(tokens);
        return _blocksPerEntry == 0 ? 0 : Math.Min(prefixHashes.Length, tokens / _prefixTokens);
    }

    // Counts the leading ids resident in the cache, and how many of those are unreferenced
    // (taking them removes them from what eviction can offer). A repeated id ends the run: ids
    // name whole prefixes, so one cannot occur twice in a prompt.
    private int WalkHits(ReadOnlySpan<long> prefixHashes, int limit, out int cachedHits)
    {
        var stamp = ++_walkStamp;
        var hits = 0;
        cachedHits = 0;
        while (hits < limit && _entryByHash.TryGetValue(prefixHashes[hits], out var entry) && _entries[entry].Stamp != stamp)
        {
            _entries[entry].Stamp = stamp;
            if (_entries[entry].RefCount == 0)
            {
                cachedHits++;
            }

            hits++;
        }

        return hits;
    }

    private void TakeBlocks(int blocks)
    {
        while (_free < blocks)
        {
            EvictLeastRecentlyUsed();
        }

        _free -= blocks;
        _used += blocks;
    }

    private void EvictLeastRecentlyUsed()
    {
        var entry = _lruHead;
        if (entry == None)
        {
            throw new InvalidOperationException("KV block manager: no cached block left to evict (availability was checked)");
        }

        UnlinkLru(entry);
        _entryByHash.Remove(_entries[entry].Hash);
        _entries[entry].Next = _entryFreeHead;
        _entryFreeHead = entry;
        _cached -= _blocksPerEntry;
        _free += _blocksPerEntry;
        _evictedBlocks += _blocksPerEntry;
    }

    private int NewEntry(long hash)
    {
        int entry;
        if (_entryFreeHead != None)
        {
            entry = _entryFreeHead;
            _entryFreeHead = _entries[entry].Next;
        }
        else
        {
            entry = _entryHighWater++;
        }

        _entries[entry] = new PrefixEntry { Hash = hash, RefCount = 1, Prev = None, Next = None };
        _entryByHash.Add(hash, entry);
        return entry;
    }

    private void Acquire(int entry)
    {
        if (_entries[entry].RefCount == 0)
        {
            UnlinkLru(entry);
            _cached -= _blocksPerEntry;
            _used += _blocksPerEntry;
        }

        _entries[entry].RefCount++;
    }

    private void Release(int entry)
    {
        if (--_entries[entry].RefCount == 0)
        {
            AppendLru(entry);
            _used -= _blocksPerEntry;
            _cached += _blocksPerEntry;
        }
    }

    private void AppendLru(int entry)
    {
        _entries[entry].Prev = _lruTail;
        _entries[entry].Next = None;
        if (_lruTail == None)
        {
            _lruHead = entry;
        }
        else
        {
            _entries[_lruTail].Next = entry;
        }

        _lruTail = entry;
    }

    private void UnlinkLru(int entry)
    {
        var prev = _entries[entry].Prev;
        var next = _entries[entry].Next;
        if (prev == None)
        {
            _lruHead = next;
        }
        else
        {
            _entries[prev].Next = next;
        }

        if (next == None)
        {
            _lruTail = prev;
        }
        else
        {
            _entries[next].Prev = prev;
        }

        _entries[entry].Prev = None;
        _entries[entry].Next = None;
    }

    private int NewSequenceSlot()
    {
        int id;
        if (_sequenceFreeHead != None)
        {
            id = _sequenceFreeHead;
            _sequenceFreeHead = _sequences[id].NextFree;
        }
        else
        {
            if (_sequenceHighWater == _sequences.Length)
            {
                Array.Resize(ref _sequences, _sequences.Length * 2);
            }

            id = _sequenceHighWater++;
        }

        ref var slot = ref _sequences[id];
        if (slot.Generation == 0)
        {
            // Generation 0 is never live, so a default(KvSequence) is always rejected.
            slot.Generation = 1;
        }

        slot.Live = true;
        slot.Decoding = false;
        _liveSequences++;
        return id;
    }

    private ref SequenceSlot Slot(KvSequence sequence)
    {
        if (!IsLive(sequence))
        {
            throw new InvalidOperationException(
                $"KV sequence handle {sequence.Id} is stale (already freed) or from another KV block manager");
        }

        return ref _sequences[sequence.Id];
    }

    private void LeaveDecodeGroup(ref SequenceSlot slot)
    {
        slot.Tokens = CurrentTokens(in slot);
        slot.Decoding = false;
        _decodersByPhase[slot.Phase] -= slot.Beams;
        _decoders -= slot.Beams;
    }

    private int CurrentTokens(in SequenceSlot slot) =>
        slot.Decoding ? checked(slot.Tokens + (int)(_step - slot.JoinStep)) : slot.Tokens;

    private int PrivateBlocks(in SequenceSlot slot)
    {
        var blocks = Ceil(CurrentTokens(in slot) - (slot.PrefixCount * _prefixTokens));
        if (slot.Beams == 1)
        {
            return blocks;
        }

        if (!slot.Forked)
        {
            return blocks + slot.Beams - 1; // the last block's copies, taken at allocation
        }

        // Shared up to the fork but the last block; each beam holds that block's copy and its own since. At the fork this is
        // the blocks so far plus the copies, so forking takes nothing.
        var shared = Ceil(slot.ForkPrivate) - 1;
        return shared + (slot.Beams * (blocks - shared));
    }

    // A member with t tokens at step s needs a new block at step s' when t + (s' - s) is a
    // multiple of the block size (prefix tokens are whole blocks, so they do not shift it).
    private int PhaseOf(long step, int tokens) => (int)((((step - tokens) % _blockSize) + _blockSize) % _blockSize);

    private int Ceil(int tokens) => (int)(((long)tokens + _blockSize - 1) / _blockSize);

    private static void CheckBeams(int beams)
    {
        if (beams < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(beams), beams, "expected 1 or more beams");
        }
    }

    private static void CheckTokens(int tokens)
    {
        if (tokens < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(tokens), tokens, "expected a sequence of 1 or more tokens");
        }
    }

    private int[] RentPrefixList(int length)
    {
        var sizeClass = System.Numerics.BitOperations.Log2(System.Numerics.BitOperations.RoundUpToPowerOf2((uint)length));
        var pool = _prefixListPool[sizeClass];
        return pool is { Count: > 0 } ? pool.Pop() : new int[1 << sizeClass];
    }

    private void ReturnPrefixList(int[] list)
    {
        var sizeClass = System.Numerics.BitOperations.Log2((uint)list.Length);
        (_prefixListPool[sizeClass] ??= new Stack<int[]>()).Push(list);
    }

    private struct SequenceSlot
    {
        public int Generation;
        public bool Live;
        public int NextFree;
        public int Tokens;          // when decoding: tokens at JoinStep
        public int[]? Prefix;       // prefix entry ids, pooled
        public int PrefixCount;
        public bool Decoding;
        public long JoinStep;
        public int Phase;
        public int Beams;           // beam search: beams decoding off one prompt (1: one sequence)
        public bool Forked;         // the beams have started decoding, each into blocks of its own
        public int ForkPrivate;     // private tokens (past the prefix entries) when they forked
    }

    private struct PrefixEntry
    {
        public long Hash;
        public int RefCount;
        public int Prev;            // LRU list while unreferenced
        public int Next;            // LRU list, or the free list once evicted
        public long Stamp;          // last WalkHits that met it
    }
}

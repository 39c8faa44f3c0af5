using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Model.Serving.Batching;

/// <summary>
/// A batching policy's handle on one replica while it plans the next iteration: what is waiting,
/// running and already scheduled, and the moves a policy may make. Reused across iterations.
/// </summary>
public sealed class BatchBuilder
{
    private readonly Replica _replica;
    private readonly List<TextRequest> _chunks = new();

    // The last prefilling request SchedulePrefill went past in this plan (null: start at the oldest).
    private TextRequest? _prefillPassed;

    internal BatchBuilder(Replica replica)
    {
        _replica = replica;
    }

    public long NowNs => _replica.Simulation.Now;

    public int MaxSequences => _replica.Config.MaxSequences;

    public int MaxBatchTokens => _replica.Config.MaxBatchTokens;

    /// <summary>Micro-batches of a pipelined replica, each held to the engine's limits (<see cref="ReplicaConfig.MicroBatches"/>).</summary>
    public int MicroBatches => _replica.Config.MicroBatches;

    /// <summary>Ranks running attention each for their own sequences (<see cref="ReplicaConfig.AttentionRanks"/>; 1 without attention dp).</summary>
    public int AttentionRanks => _replica.Config.AttentionRanks;

    public int WaitingCount => _replica.Waiting.Count;

    /// <summary>Arrival time of the request at the head of the queue (long.MaxValue if none).</summary>
    public long OldestWaitingSinceNs => _replica.Waiting.Count == 0 ? long.MaxValue : _replica.Waiting.PeekFront().ArrivalNs;

    /// <summary>Tokens the head of the waiting queue would prefill if admitted (0 if none).</summary>
    public int HeadWaitingTokens => _replica.Waiting.Count == 0 ? 0 : _replica.Waiting.PeekFront().ContextTokens;

    /// <summary>Admitted requests whose prompt is not fully computed yet.</summary>
    public int PrefillingCount => _replica.Prefilling.Count;

    /// <summary>Prompt tokens admitted but neither computed nor scheduled yet.</summary>
    /// <remarks>Kept as a running sum (the replica's own running sum at the start of each plan, then
    /// updated by admissions and scheduled chunks), so a policy asking before every admission stays O(1).</remarks>
    public long PendingPrefillTokens { get; private set; }

    public int DecodingCount => _replica.DecodingCount;

    /// <summary>Sequences holding KV on the replica: prefilling plus decoding.</summary>
    public int RunningCount => _replica.Prefilling.Count + _replica.DecodingCount;

    /// <summary>Tokens scheduled in this iteration so far (each decode counts one, each beam of a beam-search request one).</summary>
    public int ScheduledTokens { get; private set; }

    public int ScheduledSequences { get; private set; }

    public bool DecodesIncluded { get; private set; }

    // The concrete list, not IReadOnlyList: the replica walks it after every iteration, and a foreach
    // over the interface boxes an enumerator each time.
    internal List<TextRequest> Chunks => _chunks;

    internal BatchShape Shape;

    /// <summary>
    /// True in the middle of a multi-step scheduling round (<see cref="IBatchPolicy.SchedulerSteps"/>): nothing can be
    /// admitted until the round's decode steps have run.
    /// </summary>
    public bool AdmissionClosed { get; internal set; }

    /// <summary>Admit the head of the waiting queue if its KV fits (and the round allows it); it then waits for prefill chunks.</summary>
    public bool TryAdmitNext()
    {
        if (AdmissionClosed || _replica.Waiting.Count == 0 || !_replica.TryAdmit(_replica.Waiting.PeekFront()))
        {
            return false;
        }

        var admitted = _replica.Waiting.PopFront();
        if (admitted.State == RequestState.Prefilling)
        {
            PendingPrefillTokens += admitted.PrefillTarget - admitted.PrefillDone; // a resumed decode has nothing to prefill
        }

        return true;
    }

    /// <summary>Every decoding sequence generates one token in this iteration.</summary>
    public void IncludeDecodes()
    {
        if (DecodesIncluded || _replica.DecodingCount == 0)
        {
            return;
        }

        DecodesIncluded = true;
        ScheduledTokens += _replica.DecodeTokens; // a beam-search request's every beam
        ScheduledSequences += _replica.DecodingCount;
    }

    /// <summary>
    /// Schedule prompt chunks of admitted requests, oldest first, up to <paramref name="maxTokens"/>.
    /// Without <paramref name="allowPartial"/> only whole remaining prompts go in, but the first
    /// one always does, so an over-long prompt cannot block the replica. With <paramref name="allowPartial"/> no prompt
    /// takes more than <paramref name="maxChunkTokens"/> in this iteration (a chunking policy's cap: vLLM's long-prefill
    /// threshold, or an attention-dp rank's share of the budget).
    /// </summary>
    /// <returns>Tokens scheduled by this call.</returns>
    public int SchedulePrefill(int maxTokens, bool allowPartial, int maxChunkTokens = int.MaxValue)
    {
        // Requests before the cursor were scheduled by an earlier call of this plan (nothing leaves the
        // list while a policy plans), so each call starts where the last one stopped: O(chunks), not O(prefilling).
        var scheduled = 0;
        var r = _prefillPassed is null ? _replica.Prefilling.First : _prefillPassed.PrefillNext;
        for (; r is not null; _prefillPassed = r, r = r.PrefillNext)
        {
            if (r.ChunkInFlight > 0)
            {
                continue;
            }

            // What this prompt may take now: the rest of it, or with chunking at most a chunk's cap.
            var wanted = r.PrefillTarget - r.PrefillDone;
            if (allowPartial)
            {
                wanted = Math.Min(wanted, Math.Max(1, maxChunkTokens));
            }

            var room = maxTokens - scheduled;
            int chunk;
            if (wanted <= room)
            {
                chunk = wanted;
            }
            else if (allowPartial && room > 0)
            {
                chunk = room;
            }
            else if (scheduled == 0 && ScheduledTokens == 0)
            {
                chunk = wanted;
            }
            else
            {
                break;
            }

            if (ScheduledSequences >= MaxSequences && chunk > 0)
            {
                break;
            }

            // A swapped-in sequence has nothing to compute but still passes through an iteration.
            r.ChunkInFlight = Math.Max(chunk, 1);
            Shape.AddPrefillChunk(chunk, r.PrefillCached + r.PrefillDone, _replica.Config.LocalAttention);
            _chunks.Add(r);
            scheduled += chunk;
            ScheduledTokens += chunk;
            PendingPrefillTokens -= r.PrefillTarget - r.PrefillDone; // the rest of it is no longer pending this iteration
            ScheduledSequences++;
            if (scheduled >= maxTokens)
            {
                break;
            }
        }

        return scheduled;
    }

    internal void Reset()
    {
        _chunks.Clear();
        Shape = default;
        ScheduledTokens = 0;
        ScheduledSequences = 0;
        DecodesIncluded = false;
        _prefillPassed = null;
        PendingPrefillTokens = _replica.Prefilling.RemainingTokens;
    }
}

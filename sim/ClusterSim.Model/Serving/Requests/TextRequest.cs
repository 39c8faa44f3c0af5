using ClusterSim.Model.Serving.KvCache;

namespace ClusterSim.Model.Serving.Requests;

/// <summary>
/// A text request in flight: allocated at arrival, recorded and released at completion. Times are
/// nanoseconds of simulated time; -1 means "not yet".
/// </summary>
public sealed class TextRequest
{
    public TextRequest(long id, int classIndex, long arrivalNs, int promptTokens, int outputTokens, long[]? prefixHashes)
    {
        Id = id;
        ClassIndex = classIndex;
        ArrivalNs = arrivalNs;
        PromptTokens = promptTokens;
        OutputTokens = outputTokens;
        PrefixHashes = prefixHashes;
    }

    public long Id { get; }

    public int ClassIndex { get; }

    /// <summary>When the client sent the request: a deployment's request path earlier than it reached the cluster.</summary>
    public long ArrivalNs { get; }

    /// <summary>When the request reached the cluster (its router, or a front batcher): <see cref="ArrivalNs"/> plus the request path.</summary>
    public long ReceivedNs { get; init; }

    public int PromptTokens { get; }

    public int OutputTokens { get; }

    /// <summary>
    /// The output length the request asks for at most (its client's <c>max_tokens</c>, the engine's max_new_tokens): what
    /// an engine that reserves KV memory at admission reserves for, since it cannot know <see cref="OutputTokens"/> in
    /// advance. Never below <see cref="OutputTokens"/> (a longer output is cut at the cap before it gets here); left
    /// unset it is the output itself, as benchmark clients ask.
    /// </summary>
    public int MaxTokens
    {
        get => Math.Max(_maxTokens, OutputTokens);
        init => _maxTokens = value;
    }

    private readonly int _maxTokens;

    public long[]? PrefixHashes { get; }

    /// <summary>
    /// Beams it decodes (beam search; 1: one sequence). Each decode step computes a token for every beam; it returns one,
    /// whose length is <see cref="OutputTokens"/>.
    /// </summary>
    public int BeamWidth { get; init; } = 1;

    /// <summary>The closed-loop user who sent it, or -1.</summary>
    public int UserId { get; init; } = -1;

    public RequestState State { get; internal set; }

    /// <summary>When it was first given KV memory and scheduled (end of queueing).</summary>
    public long ScheduledNs { get; internal set; } = -1;

    public long FirstTokenNs { get; internal set; } = -1;

    public long LastTokenNs { get; internal set; } = -1;

    public long CompletedNs { get; internal set; } = -1;

    /// <summary>Tokens generated so far (the first comes out of prefill).</summary>
    public int Generated { get; internal set; }

    public int Preemptions { get; internal set; }

    /// <summary>Prompt tokens whose KV came from the prefix cache at the last admission.</summary>
    public int PrefixHitTokens { get; internal set; }

    /// <summary>Tokens whose KV the current (re)admission must compute.</summary>
    internal int PrefillTarget { get; set; }

    /// <summary>Of <see cref="PrefillTarget"/>, tokens computed so far (chunked prefill).</summary>
    internal int PrefillDone { get; set; }

    /// <summary>Tokens already in the KV cache when the current prefill started (prefix hits).</summary>
    internal int PrefillCached { get; set; }

    /// <summary>The chunk scheduled in the running iteration.</summary>
    internal int ChunkInFlight { get; set; }

    internal KvSequence Kv { get; set; }

    internal bool HasKv { get; set; }

    /// <summary>Decode step at which it joined the decode group of its replica.</summary>
    internal long JoinStep { get; set; }

    /// <summary>Bumped on every (re)join so stale completion-heap entries are recognised.</summary>
    internal int Epoch { get; set; }

    /// <summary>
    /// Its KV is ready elsewhere (swapped out to host memory, or prefilled by another replica):
    /// admission restores it and it joins decode without a prefill.
    /// </summary>
    internal bool ResumeDecode { get; set; }

    internal bool Swapped { get; set; }

    /// <summary>Blocks it holds at its last token, while admission reserves for it (no-evict or an admission reserve); 0 otherwise.</summary>
    internal int ReservedBlocks { get; set; }

    // Intrusive links of the replica's decoding list (O(1) removal, no node allocation).
    internal TextRequest? DecPrev { get; set; }

    internal TextRequest? DecNext { get; set; }

    // Intrusive links of the replica's prefilling list (see PrefillList); a request is never in both lists.
    internal TextRequest? PrefillPrev { get; set; }

    internal TextRequest? PrefillNext { get; set; }

    internal bool InPrefillList { get; set; }

    /// <summary>Replica index holding it, or -1.</summary>
    public int Replica { get; internal set; } = -1;

    /// <summary>Tokens currently held in KV: prompt plus generated.</summary>
    public int ContextTokens => PromptTokens + Generated;
}

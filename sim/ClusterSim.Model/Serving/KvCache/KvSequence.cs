namespace ClusterSim.Model.Serving.KvCache;

/// <summary>
/// Handle of one sequence's KV cache in a <see cref="KvBlockManager"/>. <see cref="Id"/> is a
/// small dense integer (reused after the sequence is freed) that a caller may use to index its
/// own arrays; the generation makes a handle kept after <see cref="KvBlockManager.Free"/> fail
/// loudly instead of touching the sequence that reused the id.
/// </summary>
public readonly record struct KvSequence
{
    internal KvSequence(int id, int generation)
    {
        Id = id;
        Generation = generation;
    }

    /// <summary>Dense id, 0 up to the most sequences alive at once.</summary>
    public int Id { get; }

    internal int Generation { get; }
}

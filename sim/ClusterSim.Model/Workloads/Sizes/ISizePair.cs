using ClusterSim.Engine.Randomness;

namespace ClusterSim.Model.Workloads.Sizes;

/// <summary>
/// A request's prompt and output lengths, drawn together: independently from two distributions, or as one dataset
/// sample's pair of lengths, so that a dataset's long prompts keep the outputs that went with them.
/// </summary>
public interface ISizePair
{
    /// <summary>One request's prompt and output lengths, each at least 1.</summary>
    (int Prompt, int Output) Sample(SimRandom rng);

    /// <summary>
    /// One request's prompt and output lengths and, where its prompt's KV can be reused (a prompt pool's repeated prompts
    /// and shared system prompts), the ids of its prompt's full prefix blocks, equal ids meaning equal tokens up to the
    /// end of that block; null: nothing to reuse. Draws as <see cref="Sample"/> does where the sizes carry no prefix.
    /// </summary>
    (int Prompt, int Output, long[]? PrefixHashes) SampleRequest(SimRandom rng)
    {
        var (prompt, output) = Sample(rng);
        return (prompt, output, null);
    }
}

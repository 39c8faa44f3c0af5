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
}

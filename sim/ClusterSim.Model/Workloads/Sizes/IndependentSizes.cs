using ClusterSim.Engine.Randomness;

namespace ClusterSim.Model.Workloads.Sizes;

/// <summary>Prompt and output lengths from two distributions, the prompt drawn first, then the output, from one stream.</summary>
public sealed class IndependentSizes(ISizeDistribution prompt, ISizeDistribution output) : ISizePair
{
    private readonly ISizeDistribution _prompt = prompt ?? throw new ArgumentNullException(nameof(prompt));
    private readonly ISizeDistribution _output = output ?? throw new ArgumentNullException(nameof(output));

    public (int Prompt, int Output) Sample(SimRandom rng)
    {
        var p = Math.Max(1, _prompt.Sample(rng));
        return (p, Math.Max(1, _output.Sample(rng)));
    }
}

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

    // Spelt out rather than the interface's default, which would dispatch to Sample a second time on every request.
    public (int Prompt, int Output, long[]? PrefixHashes) SampleRequest(SimRandom rng)
    {
        var p = Math.Max(1, _prompt.Sample(rng));
        return (p, Math.Max(1, _output.Sample(rng)), null);
    }
}

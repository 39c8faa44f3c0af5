using ClusterSim.Engine.Randomness;
using ClusterSim.Model.Workloads.Sizes;

namespace ClusterSim.Model.Workloads.Prompts;

/// <summary>
/// A fixed pool of prompts that requests reuse, in groups that open with one system prompt each: the shared-prefix
/// workloads of inference-perf (kubernetes-sigs/inference-perf, its shared_prefix data: num_groups x
/// num_prompts_per_group prompts, each group's system prompt before each prompt's own question, requests cycling
/// through the shuffled pool) and of SGLang's generated-shared-prefix benchmark. Each prompt carries the ids of its
/// full prefix blocks, so an engine with prefix caching finds a repeated prompt's KV, or its group's system prompt's,
/// already computed.
/// </summary>
/// <remarks>
/// The pool is drawn once, from its own stream, when the source is built: each prompt's length from the prompt
/// distribution (at least the system prompt and one token of its own), shuffled. Requests then take the pool's
/// prompts in that order, starting over after the last (<c>cycle</c>), or one at random each (<c>random</c>), and
/// draw each output length anew. Block j of a prompt (tokens j x B to (j + 1) x B) lies within the system prompt, and
/// is shared by the group, when (j + 1) x B &lt;= the system prompt's tokens; every later block holds the prompt's own
/// tokens and is its own. Only full blocks have ids: a trailing partial block is never reused (vLLM's prefix cache).
/// </remarks>
public sealed class SharedPrefixPool : ISizePair
{
    private readonly int[] _lengths;
    private readonly long[][] _prefixes;
    private readonly ISizeDistribution _output;
    private readonly bool _randomOrder;
    private int _next;

    /// <param name="groups">Groups of prompts, each with its own system prompt.</param>
    /// <param name="promptsPerGroup">Prompts in each group.</param>
    /// <param name="systemTokens">Tokens of each group's system prompt (0: the prompts share nothing but themselves).</param>
    /// <param name="prompt">Each pool prompt's whole length (system prompt included).</param>
    /// <param name="output">Each request's output length.</param>
    /// <param name="blockTokens">Tokens per prefix block id.</param>
    /// <param name="randomOrder">Each request takes a pool prompt at random; false: in the shuffled pool's order, cycling.</param>
    /// <param name="poolRng">The stream the pool is drawn from.</param>
    /// <param name="salt">Makes this pool's ids its own (the workload's), so two pools never share a block.</param>
    public SharedPrefixPool(int groups, int promptsPerGroup, int systemTokens, ISizeDistribution prompt, ISizeDistribution output,
        int blockTokens, bool randomOrder, SimRandom poolRng, ulong salt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(promptsPerGroup, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(systemTokens);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockTokens, 1);
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(poolRng);
        _output = output ?? throw new ArgumentNullException(nameof(output));
        _randomOrder = randomOrder;

        var count = checked(groups * promptsPerGroup);
        _lengths = new int[count];
        _prefixes = new long[count][];
        var sharedBlocks = systemTokens / blockTokens;
        for (var g = 0; g < groups; g++)
        {
            for (var p = 0; p < promptsPerGroup; p++)
            {
                var i = g * promptsPerGroup + p;
                var length = Math.Max(prompt.Sample(poolRng), systemTokens + 1);
                var ids = new long[length / blockTokens];
                for (var j = 0; j < ids.Length; j++)
                {
                    ids[j] = j < sharedBlocks ? Id(salt, g, -1, j) : Id(salt, g, p, j);
                }

                _lengths[i] = length;
                _prefixes[i] = ids;
            }
        }

        // Shuffled once, as inference-perf shuffles its pool before cycling through it.
        for (var i = count - 1; i > 0; i--)
        {
            var k = poolRng.Next(i + 1);
            (_lengths[i], _lengths[k]) = (_lengths[k], _lengths[i]);
            (_prefixes[i], _prefixes[k]) = (_prefixes[k], _prefixes[i]);
        }
    }

    /// <summary>Prompts in the pool.</summary>
    public int Count => _lengths.Length;

    public (int Prompt, int Output) Sample(SimRandom rng)
    {
        var (prompt, output, _) = SampleRequest(rng);
        return (prompt, output);
    }

    public (int Prompt, int Output, long[]? PrefixHashes) SampleRequest(SimRandom rng)
    {
        int i;
        if (_randomOrder)
        {
            i = rng.Next(_lengths.Length);
        }
        else
        {
            i = _next;
            _next = _next + 1 == _lengths.Length ? 0 : _next + 1;
        }

        return (_lengths[i], Math.Max(1, _output.Sample(rng)), _prefixes[i]);
    }

    // SplitMix64 over the block's place, one field at a time (group, prompt, block), so distinct places give distinct
    // ids but with odds of 2^-64.
    private static long Id(ulong salt, int group, int prompt, int block)
        => (long)Mix(Mix(Mix(salt + (uint)group) + (uint)prompt) + (uint)block);

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

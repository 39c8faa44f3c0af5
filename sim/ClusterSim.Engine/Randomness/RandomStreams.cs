using System.Text;

namespace ClusterSim.Engine.Randomness;

/// <summary>
/// One independent, seeded stream per named source. A stream's seed is a hash of the root seed
/// and the name alone, so adding a new source never shifts the numbers an existing one draws, and
/// the order in which streams are first asked for does not matter.
/// </summary>
public sealed class RandomStreams
{
    private readonly Dictionary<string, SimRandom> _streams = new(StringComparer.Ordinal);

    public RandomStreams(ulong rootSeed)
    {
        RootSeed = rootSeed;
    }

    public ulong RootSeed { get; }

    /// <summary>The stream for <paramref name="name"/>, created on first use.</summary>
    public SimRandom this[string name] => Get(name);

    public SimRandom Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_streams.TryGetValue(name, out var stream))
        {
            stream = new SimRandom(DeriveSeed(RootSeed, name));
            _streams.Add(name, stream);
        }

        return stream;
    }

    /// <summary>A fresh stream that does not share state with <see cref="Get"/>'s (e.g. per replication).</summary>
    public SimRandom Create(string name) => new(DeriveSeed(RootSeed, name));

    /// <summary>
    /// FNV-1a over the UTF-8 name, mixed with the root seed through SplitMix64. Stable across runs
    /// and platforms, unlike string.GetHashCode.
    /// </summary>
    public static ulong DeriveSeed(ulong rootSeed, string name)
    {
        var x = rootSeed ^ Fnv1a64(Encoding.UTF8.GetBytes(name));
        SimRandom.SplitMix64(ref x);
        return SimRandom.SplitMix64(ref x);
    }

    /// <summary>64-bit FNV-1a (offset basis 14695981039346656037, prime 1099511628211); separate so it can be checked against the published test vectors.</summary>
    internal static ulong Fnv1a64(ReadOnlySpan<byte> bytes)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }

        return hash;
    }
}

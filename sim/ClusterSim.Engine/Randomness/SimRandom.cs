using System.Runtime.CompilerServices;

namespace ClusterSim.Engine.Randomness;

/// <summary>
/// xoshiro256** (Blackman and Vigna), seeded through SplitMix64 from a 64-bit seed. Derives from
/// <see cref="Random"/> so MathNet.Numerics distributions can draw from it, and adds the fast
/// draws the simulator uses most. The same seed gives the same raw bits on every platform
/// (<see cref="NextUInt64"/> and what is built from it by integer arithmetic and exact scaling:
/// <see cref="NextDouble"/>, the bounded integers, <see cref="NextBytes(Span{byte})"/>). Draws that
/// go through Math.Log, Math.Sqrt or Math.Cos (<see cref="NextExponential"/>, <see cref="NextGaussian"/>)
/// are identical run to run on one platform, but .NET does not promise those functions are
/// bit-identical across platforms or runtimes, so across machines they may differ in the last bits.
/// </summary>
public sealed class SimRandom : Random
{
    private ulong _s0, _s1, _s2, _s3;

    public SimRandom(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>
    /// Starts from a raw xoshiro256** state, so the generator can be checked against the reference
    /// implementation's published outputs. The state must not be all zero (xoshiro's fixed point).
    /// </summary>
    internal SimRandom(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        if ((s0 | s1 | s2 | s3) == 0)
        {
            throw new ArgumentException("the all-zero state is a fixed point of xoshiro256**");
        }

        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
    }

    /// <summary>The next 64 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform on (0, 1]: safe to take the logarithm of.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDoubleNonZero() => ((NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));

    /// <summary>Exponential with the given rate (mean 1/rate), by inversion.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextExponential(double rate) => -Math.Log(NextDoubleNonZero()) / rate;

    /// <summary>Standard normal (Box-Muller; one value per call keeps the stream stateless).</summary>
    public double NextGaussian()
    {
        var u1 = NextDoubleNonZero();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Uniform on [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double NextUniform(double low, double high)
    {
        if (!(high >= low) || double.IsInfinity(high - low))
        {
            throw new ArgumentOutOfRangeException(nameof(high), high, $"need finite low <= high (low is {low})");
        }

        return low + (high - low) * NextDouble();
    }

    /// <summary>Normal with the given mean and standard deviation.</summary>
    public double NextNormal(double mean, double stdDev)
    {
        CheckNonNegative(stdDev, nameof(stdDev));
        return mean + stdDev * NextGaussian();
    }

    /// <summary>
    /// Normal redrawn until positive (a truncated normal), as SimSharp's NormalPositive; for
    /// durations. Refuses a mean so far below zero that redrawing would practically never end.
    /// </summary>
    public double NextNormalPositive(double mean, double stdDev)
    {
        CheckNonNegative(stdDev, nameof(stdDev));
        if (mean <= 0 && (stdDev == 0 || mean < -8 * stdDev))
        {
            throw new ArgumentOutOfRangeException(nameof(mean), mean, "a positive draw is (nearly) impossible with this mean and standard deviation");
        }

        double x;
        do
        {
            x = mean + stdDev * NextGaussian();
        }
        while (x <= 0);
        return x;
    }

    /// <summary>exp(N(mu, sigma^2)).</summary>
    public double NextLogNormal(double mu, double sigma)
    {
        CheckNonNegative(sigma, nameof(sigma));
        return Math.Exp(mu + sigma * NextGaussian());
    }

    /// <summary>Log-normal with the given mean and standard deviation of the variable itself.</summary>
    public double NextLogNormalFromMoments(double mean, double stdDev)
    {
        CheckPositive(mean, nameof(mean));
        CheckNonNegative(stdDev, nameof(stdDev));
        var sigma2 = Math.Log(1 + stdDev * stdDev / (mean * mean));
        return NextLogNormal(Math.Log(mean) - sigma2 / 2, Math.Sqrt(sigma2));
    }

    /// <summary>Triangular on [<paramref name="low"/>, <paramref name="high"/>] with its peak at <paramref name="mode"/>, by inversion.</summary>
    public double NextTriangular(double low, double high, double mode)
    {
        if (!(low <= mode && mode <= high) || !(low < high) || double.IsInfinity(high - low))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, $"need finite low <= mode <= high and low < high (low {low}, high {high})");
        }

        var u = NextDouble();
        var split = (mode - low) / (high - low);
        return u < split
            ? low + Math.Sqrt(u * (high - low) * (mode - low))
            : high - Math.Sqrt((1 - u) * (high - low) * (high - mode));
    }

    /// <summary>Gamma(shape k, scale theta), mean k theta, by Marsaglia and Tsang (2000); shape below 1 by the u^(1/k) boost.</summary>
    public double NextGamma(double shape, double scale)
    {
        CheckPositive(shape, nameof(shape));
        CheckPositive(scale, nameof(scale));
        if (shape < 1)
        {
            return NextGamma(shape + 1, scale) * Math.Pow(NextDoubleNonZero(), 1 / shape);
        }

        var d = shape - 1.0 / 3;
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = NextGaussian();
                v = 1 + c * x;
            }
            while (v <= 0);

            v = v * v * v;
            var u = NextDoubleNonZero();
            if (u < 1 - 0.0331 * x * x * x * x || Math.Log(u) < 0.5 * x * x + d * (1 - v + Math.Log(v)))
            {
                return d * v * scale;
            }
        }
    }

    /// <summary>Weibull(shape k, scale lambda) by inversion.</summary>
    public double NextWeibull(double shape, double scale)
    {
        CheckPositive(shape, nameof(shape));
        CheckPositive(scale, nameof(scale));
        return scale * Math.Pow(-Math.Log(NextDoubleNonZero()), 1 / shape);
    }

    private static void CheckPositive(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, "must be positive and finite");
        }
    }

    private static void CheckNonNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, "must be non-negative and finite");
        }
    }

    protected override double Sample() => NextDouble();

    public override int Next() => (int)(NextUInt64() >> 33);

    public override int Next(int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return (int)NextBounded((ulong)maxValue);
    }

    public override int Next(int minValue, int maxValue)
    {
        if (minValue > maxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(minValue));
        }

        return (int)(minValue + (long)NextBounded((ulong)((long)maxValue - minValue)));
    }

    public override long NextInt64() => (long)(NextUInt64() >> 1);

    public override long NextInt64(long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return (long)NextBounded((ulong)maxValue);
    }

    public override long NextInt64(long minValue, long maxValue)
    {
        if (minValue > maxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(minValue));
        }

        return minValue + (long)NextBounded((ulong)(maxValue - minValue));
    }

    public override float NextSingle() => (NextUInt64() >> 40) * (1.0f / (1U << 24));

    public override void NextBytes(byte[] buffer) => NextBytes(buffer.AsSpan());

    public override void NextBytes(Span<byte> buffer)
    {
        var i = 0;
        while (i < buffer.Length)
        {
            var r = NextUInt64();
            for (var k = 0; k < 8 && i < buffer.Length; k++, i++)
            {
                buffer[i] = (byte)(r >> (8 * k));
            }
        }
    }

    /// <summary>Unbiased integer in [0, bound) by Lemire's multiply-and-reject.</summary>
    private ulong NextBounded(ulong bound)
    {
        if (bound == 0)
        {
            return 0;
        }

        var product = Math.BigMul(NextUInt64(), bound, out var low);
        if (low < bound)
        {
            var threshold = (0 - bound) % bound;
            while (low < threshold)
            {
                product = Math.BigMul(NextUInt64(), bound, out low);
            }
        }

        return product;
    }

    internal static ulong SplitMix64(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}

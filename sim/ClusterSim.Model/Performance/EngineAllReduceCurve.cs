namespace ClusterSim.Model.Performance;

/// <summary>
/// A serving engine's own small-message all-reduce as timed over one group size of a node (vLLM's custom all-reduce: one
/// kernel reading every peer's buffer over the scale-up links, where NCCL's ring takes 2(p - 1) latency-bound steps):
/// the time at each measured size, interpolated log-log between them; below the smallest, the smallest's (its latency).
/// It covers messages up to the largest timed size only: past that the caller prices the all-reduce as before.
/// </summary>
public sealed class EngineAllReduceCurve
{
    private readonly double[] _bytes;
    private readonly double[] _seconds;

    /// <param name="gpus">The group size the timings are of.</param>
    /// <param name="bytes">Message sizes, rising.</param>
    /// <param name="seconds">Time of one all-reduce at each size.</param>
    /// <param name="source">Where the timings come from.</param>
    public EngineAllReduceCurve(int gpus, IReadOnlyList<double> bytes, IReadOnlyList<double> seconds, string source)
    {
        if (bytes.Count < 2 || bytes.Count != seconds.Count)
        {
            throw new ArgumentException("an engine all-reduce curve needs two or more sizes, one time each");
        }

        for (var i = 0; i < bytes.Count; i++)
        {
            if (!(bytes[i] > 0) || !(seconds[i] > 0) || i > 0 && !(bytes[i] > bytes[i - 1]))
            {
                throw new ArgumentException("an engine all-reduce curve needs positive sizes, rising, and positive times");
            }
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(gpus, 2);
        Gpus = gpus;
        _bytes = [.. bytes];
        _seconds = [.. seconds];
        Source = source;
    }

    /// <summary>Accelerators the timings are of.</summary>
    public int Gpus { get; }

    /// <summary>Where the timings come from.</summary>
    public string Source { get; }

    public double LargestBytes => _bytes[^1];

    /// <summary>Whether a message of <paramref name="bytes"/> lies within the timed sizes (or below them).</summary>
    public bool Covers(double bytes) => bytes <= _bytes[^1];

    /// <summary>Seconds of one all-reduce of <paramref name="bytes"/> (at most <see cref="LargestBytes"/>).</summary>
    public double Seconds(double bytes)
    {
        if (bytes <= _bytes[0])
        {
            return _seconds[0];
        }

        if (bytes > _bytes[^1])
        {
            throw new ArgumentOutOfRangeException(nameof(bytes), bytes, $"past the largest timed message ({_bytes[^1]} bytes)");
        }

        return LogLogInterpolation.Inside(_bytes, _seconds, bytes);
    }
}

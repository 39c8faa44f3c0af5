namespace ClusterSim.Model.Performance;

/// <summary>
/// A measured in-node all-reduce benchmark as a cost: the bus bandwidth nccl-tests reached at each message size,
/// interpolated log-log between sizes: an all-reduce of r ranks takes 2(r - 1)/r x bytes / bus bandwidth (nccl-tests'
/// definition). The roofline uses it for all-reduces over the benchmark's own number of accelerators only (at other
/// group sizes small messages are latency-bound in a way one curve cannot tell). Below the smallest size the time
/// stays that size's (latency); above the largest the bandwidth stays the largest's.
/// </summary>
public sealed class BusBandwidthCurve
{
    private readonly double[] _bytes;
    private readonly double[] _busBytesPerSecond;

    public BusBandwidthCurve(IReadOnlyList<double> bytes, IReadOnlyList<double> busGbs, int gpus, string measuredOn)
    {
        if (bytes.Count < 2 || bytes.Count != busGbs.Count)
        {
            throw new ArgumentException("a bus-bandwidth curve needs two or more sizes, one bandwidth each");
        }

        _bytes = [.. bytes];
        _busBytesPerSecond = [.. busGbs.Select(g => g * 1e9)];
        Gpus = gpus;
        MeasuredOn = measuredOn;
    }

    /// <summary>Accelerators the benchmark ran on.</summary>
    public int Gpus { get; }

    /// <summary>The accelerator the benchmark was measured on.</summary>
    public string MeasuredOn { get; }

    public double SmallestBytes => _bytes[0];

    public double LargestBytes => _bytes[^1];

    /// <summary>Bus bandwidth at a message size, bytes per second.</summary>
    public double BusBytesPerSecond(double bytes)
    {
        if (bytes <= _bytes[0])
        {
            return _busBytesPerSecond[0];
        }

        var last = _bytes.Length - 1;
        if (bytes >= _bytes[last])
        {
            return _busBytesPerSecond[last];
        }

        return LogLogInterpolation.Inside(_bytes, _busBytesPerSecond, bytes);
    }

    /// <summary>Seconds of an all-reduce of <paramref name="bytes"/> over <paramref name="ranks"/> accelerators of the node.</summary>
    public double AllReduceSeconds(double bytes, int ranks)
    {
        if (ranks <= 1)
        {
            return 0;
        }

        // Below the smallest measured size the cost is latency: it does not shrink further.
        var size = Math.Max(bytes, _bytes[0]);
        return 2.0 * (ranks - 1) / ranks * size / BusBytesPerSecond(size);
    }
}

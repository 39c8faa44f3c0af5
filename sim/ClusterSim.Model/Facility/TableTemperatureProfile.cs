namespace ClusterSim.Model.Facility;

/// <summary>Linear between points, flat outside them; the excess integral is exact per linear piece.</summary>
internal sealed class TableTemperatureProfile(double[] timesSeconds, double[] celsius) : OutsideTemperature
{
    public override double At(long timeNs) => ValueAt(timeNs / 1e9);

    public override double MaxC => celsius.Max(); // linear between points, flat outside: no value above the largest point

    public override double ExcessIntegral(long fromNs, long toNs, double thresholdC)
    {
        if (toNs <= fromNs)
        {
            return 0;
        }

        var from = fromNs / 1e9;
        var to = toNs / 1e9;
        var total = 0.0;

        // Pieces: (-inf, t0], [t0, t1], ..., [t_{n-1}, +inf); the value is linear on each.
        var i = Array.BinarySearch(timesSeconds, from);
        var piece = i >= 0 ? i : ~i; // index of the first point after `from` = end of the piece holding it
        var start = from;
        while (start < to)
        {
            var end = piece < timesSeconds.Length ? Math.Min(to, timesSeconds[piece]) : to;
            if (end > start)
            {
                total += LinearExcess(ValueAt(start), ValueAt(end), end - start, thresholdC);
            }

            start = end;
            piece++;
        }

        return total;
    }

    /// <summary>∫ max(0, v - θ) over a piece of length <paramref name="length"/> where v runs linearly from v0 to v1.</summary>
    private static double LinearExcess(double v0, double v1, double length, double threshold)
    {
        var e0 = v0 - threshold;
        var e1 = v1 - threshold;
        if (e0 >= 0 && e1 >= 0)
        {
            return (e0 + e1) / 2 * length;
        }

        if (e0 <= 0 && e1 <= 0)
        {
            return 0;
        }

        // One end above: a triangle of height max(e) over the share of the piece that is above.
        var high = Math.Max(e0, e1);
        return high * high / (Math.Abs(e1 - e0) * 2) * length;
    }

    private double ValueAt(double seconds)
    {
        if (seconds <= timesSeconds[0])
        {
            return celsius[0];
        }

        var last = timesSeconds.Length - 1;
        if (seconds >= timesSeconds[last])
        {
            return celsius[last];
        }

        var i = Array.BinarySearch(timesSeconds, seconds);
        if (i >= 0)
        {
            return celsius[i];
        }

        var hi = ~i;
        var lo = hi - 1;
        var share = (seconds - timesSeconds[lo]) / (timesSeconds[hi] - timesSeconds[lo]);
        return celsius[lo] + (share * (celsius[hi] - celsius[lo]));
    }
}

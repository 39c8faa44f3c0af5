namespace ClusterSim.Model.Performance;

/// <summary>
/// Interpolation of a measured series whose both axes span decades (message sizes against times or bandwidths): a
/// straight line between neighbouring points on log-log axes, which a power law between them follows exactly.
/// </summary>
internal static class LogLogInterpolation
{
    /// <summary>The value at <paramref name="x"/> inside the series (<paramref name="xs"/> rising, x strictly between its ends or on a point).</summary>
    public static double Inside(double[] xs, double[] ys, double x)
    {
        var hi = Array.BinarySearch(xs, x);
        if (hi >= 0)
        {
            return ys[hi];
        }

        hi = ~hi;
        var lo = hi - 1;
        var t = Math.Log(x / xs[lo]) / Math.Log(xs[hi] / xs[lo]);
        return Math.Exp(Math.Log(ys[lo]) + t * (Math.Log(ys[hi]) - Math.Log(ys[lo])));
    }
}

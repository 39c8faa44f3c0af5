using MathNet.Numerics.Distributions;

namespace ClusterSim.Model.Tests.Serving.Cluster;

/// <summary>Student-t interval over independent replications: the run's own uncertainty, no fudge factor.</summary>
internal sealed record ConfidenceInterval(double Mean, double HalfWidth, int N)
{
    public static ConfidenceInterval Of(IReadOnlyList<double> values, double confidence = 0.99)
    {
        var n = values.Count;
        var mean = values.Average();
        var variance = values.Sum(x => (x - mean) * (x - mean)) / (n - 1);
        var t = StudentT.InvCDF(0, 1, n - 1, 1 - (1 - confidence) / 2);
        return new ConfidenceInterval(mean, t * Math.Sqrt(variance / n), n);
    }

    public bool Contains(double x) => Math.Abs(x - Mean) <= HalfWidth;

    public override string ToString() => $"{Mean:G6} ± {HalfWidth:G3} (99 % CI, {N} replications)";
}

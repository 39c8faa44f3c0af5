using MathNet.Numerics.Distributions;

namespace ClusterSim.Engine.Tests.Queueing;

/// <summary>
/// The method of batch means: one long run cut into consecutive batches whose means are close to
/// independent when a batch spans many relaxation times; a Student-t interval over the batch
/// means gives the run's own confidence interval, so no tolerance is chosen by hand.
/// </summary>
internal sealed record BatchMeans(double Mean, double HalfWidth, int Batches)
{
    public static BatchMeans From(IReadOnlyList<double> batchValues, double confidence = 0.99)
    {
        var n = batchValues.Count;
        if (n < 2)
        {
            throw new ArgumentException("need at least two batches");
        }

        var mean = batchValues.Average();
        var variance = batchValues.Sum(x => (x - mean) * (x - mean)) / (n - 1);
        var t = StudentT.InvCDF(0, 1, n - 1, 1 - (1 - confidence) / 2);
        return new BatchMeans(mean, t * Math.Sqrt(variance / n), n);
    }

    public bool Contains(double value) => Math.Abs(value - Mean) <= HalfWidth;

    public override string ToString() => $"{Mean:G6} ± {HalfWidth:G3} (99 % CI, {Batches} batches)";
}

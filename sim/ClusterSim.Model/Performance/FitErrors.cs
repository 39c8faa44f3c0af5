using System.Globalization;

namespace ClusterSim.Model.Performance;

/// <summary>Absolute relative errors |predicted / measured - 1| of a fit, separately for prefill and decode (fractions).</summary>
public sealed record FitErrors(
    int PrefillRows,
    double PrefillMedian,
    double PrefillMean,
    double PrefillMax,
    int DecodeRows,
    double DecodeMedian,
    double DecodeMean,
    double DecodeMax)
{
    public static FitErrors From(IEnumerable<(bool IsPrefill, double Predicted, double Measured)> points)
    {
        var prefill = new List<double>();
        var decode = new List<double>();
        foreach (var (isPrefill, predicted, measured) in points)
        {
            (isPrefill ? prefill : decode).Add(Math.Abs(predicted / measured - 1.0));
        }

        return new FitErrors(
            prefill.Count, Median(prefill), Mean(prefill), Max(prefill),
            decode.Count, Median(decode), Mean(decode), Max(decode));
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"prefill ({PrefillRows} rows) median {PrefillMedian * 100:F1} %, mean {PrefillMean * 100:F1} %, max {PrefillMax * 100:F1} %; " +
        $"decode ({DecodeRows} rows) median {DecodeMedian * 100:F1} %, mean {DecodeMean * 100:F1} %, max {DecodeMax * 100:F1} %");

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double Mean(List<double> values) => values.Count == 0 ? double.NaN : values.Average();

    private static double Max(List<double> values) => values.Count == 0 ? double.NaN : values.Max();
}

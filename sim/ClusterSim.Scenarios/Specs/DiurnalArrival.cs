namespace ClusterSim.Scenarios;

/// <summary>
/// Poisson with rate(t) = mean x (1 + a cos(2 pi (t - peak) / period)), a = (r - 1) / (r + 1) for
/// peak-to-trough ratio r, so the highest rate over the lowest is exactly r.
/// </summary>
public sealed record DiurnalArrival(double Mean, double PeakToTrough, double PeriodSeconds, double PeakAtSeconds) : ArrivalSpec
{
    public override double? MeanRate => Mean;

    public double Amplitude => (PeakToTrough - 1) / (PeakToTrough + 1);

    public double RateAt(double seconds)
        => Mean * (1 + Amplitude * Math.Cos(2 * Math.PI * (seconds - PeakAtSeconds) / PeriodSeconds));
}

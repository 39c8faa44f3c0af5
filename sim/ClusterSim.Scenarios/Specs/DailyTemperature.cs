namespace ClusterSim.Scenarios;

/// <summary>T(t) = MeanC + AmplitudeC cos(2 pi (t - PeakAtSeconds) / 86400).</summary>
public sealed record DailyTemperature(double MeanC, double AmplitudeC, double PeakAtSeconds) : TemperatureSpec
{
    public double At(double seconds) => MeanC + AmplitudeC * Math.Cos(2 * Math.PI * (seconds - PeakAtSeconds) / 86400);
}

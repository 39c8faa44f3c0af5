namespace ClusterSim.Model.Facility;

/// <summary>T(t) = m + a cos(x), x = w (t - peak), w = 2 pi / 86,400 s.</summary>
/// <remarks>
/// The excess max(0, m - θ + a cos x) is positive where cos x &gt; k = (θ - m) / a, that is on
/// (-α, α) around each peak with α = acos k. Its antiderivative in x is therefore closed-form:
/// whole periods contribute 2 (c α + a sin α) each (c = m - θ), and the part of a period
/// contributes c (y + α) + a (sin y + sin α) with y the position clamped to [-α, α].
/// </remarks>
internal sealed class DailyTemperatureProfile(double meanC, double amplitudeC, double peakAtSeconds) : OutsideTemperature
{
    private const double DaySeconds = 86_400;
    private const double Omega = 2 * Math.PI / DaySeconds;

    public override double At(long timeNs) => meanC + (amplitudeC * Math.Cos(Phase(timeNs)));

    public override double MaxC => meanC + amplitudeC;

    public override double ExcessIntegral(long fromNs, long toNs, double thresholdC)
    {
        if (toNs <= fromNs)
        {
            return 0;
        }

        var c = meanC - thresholdC;
        var seconds = (toNs - fromNs) / 1e9;
        if (amplitudeC == 0 || c >= amplitudeC)
        {
            // Never below the threshold (or flat): the plain integral of T - θ.
            return amplitudeC == 0
                ? Math.Max(0, c) * seconds
                : (c * seconds) + (amplitudeC / Omega * (Math.Sin(Phase(toNs)) - Math.Sin(Phase(fromNs))));
        }

        if (-c >= amplitudeC)
        {
            return 0; // never above the threshold
        }

        var k = -c / amplitudeC;
        var alpha = Math.Acos(k);
        var sinAlpha = Math.Sqrt(1 - (k * k));
        var perPeriod = 2 * ((c * alpha) + (amplitudeC * sinAlpha));
        return (Antiderivative(Phase(toNs)) - Antiderivative(Phase(fromNs))) / Omega;

        double Antiderivative(double x)
        {
            var periods = Math.Floor((x + Math.PI) / (2 * Math.PI));
            var y = Math.Clamp(x - (periods * 2 * Math.PI), -alpha, alpha);
            return (periods * perPeriod) + (c * (y + alpha)) + (amplitudeC * (Math.Sin(y) + sinAlpha));
        }
    }

    private double Phase(long timeNs) => Omega * ((timeNs / 1e9) - peakAtSeconds);
}

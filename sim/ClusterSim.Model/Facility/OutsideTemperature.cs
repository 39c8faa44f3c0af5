namespace ClusterSim.Model.Facility;

/// <summary>
/// Outside (dry-bulb) temperature over simulated time, in °C. Time 0 is midnight of day one.
/// </summary>
/// <remarks>
/// Besides the value at a time, a profile integrates its excess over a threshold exactly
/// (<see cref="ExcessIntegral"/>): the facility's PUE rises with each degree above the
/// free-cooling limit, and that integral makes facility energy exact between events however the
/// temperature moves.
/// </remarks>
public abstract class OutsideTemperature
{
    private protected OutsideTemperature()
    {
    }

    /// <summary>°C at <paramref name="timeNs"/>.</summary>
    public abstract double At(long timeNs);

    /// <summary>The highest temperature the profile reaches at any time, °C.</summary>
    public abstract double MaxC { get; }

    /// <summary>
    /// The integral of max(0, T(t) - <paramref name="thresholdC"/>) over
    /// [<paramref name="fromNs"/>, <paramref name="toNs"/>], in °C·s.
    /// </summary>
    public abstract double ExcessIntegral(long fromNs, long toNs, double thresholdC);

    /// <summary>The same temperature at all times.</summary>
    public static OutsideTemperature Constant(double celsius)
    {
        CheckCelsius(celsius, nameof(celsius));
        return new ConstantTemperatureProfile(celsius);
    }

    /// <summary>
    /// A daily cycle: T(t) = mean + amplitude cos(2 pi (t - peakAt) / 1 day), hottest at
    /// <paramref name="peakAtSeconds"/> after midnight (15:00 is typical of a hot afternoon).
    /// </summary>
    public static OutsideTemperature Daily(double meanC, double amplitudeC, double peakAtSeconds = 15 * 3600)
    {
        CheckCelsius(meanC, nameof(meanC));
        if (!(amplitudeC >= 0 && amplitudeC <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(amplitudeC), amplitudeC, "expected an amplitude in [0, 100] °C");
        }

        if (!double.IsFinite(peakAtSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(peakAtSeconds), peakAtSeconds, "expected a finite time of day");
        }

        return new DailyTemperatureProfile(meanC, amplitudeC, peakAtSeconds);
    }

    /// <summary>
    /// A table (for example hourly readings): linear between points, held flat before the first
    /// point and after the last. Times in seconds from the start, strictly increasing.
    /// </summary>
    public static OutsideTemperature Table(IReadOnlyList<double> timesSeconds, IReadOnlyList<double> celsius)
    {
        ArgumentNullException.ThrowIfNull(timesSeconds);
        ArgumentNullException.ThrowIfNull(celsius);
        if (timesSeconds.Count == 0 || timesSeconds.Count != celsius.Count)
        {
            throw new ArgumentException(
                $"a temperature table needs one or more points and as many temperatures as times (got {timesSeconds.Count} times, {celsius.Count} temperatures)",
                nameof(celsius));
        }

        var times = new double[timesSeconds.Count];
        var values = new double[celsius.Count];
        for (var i = 0; i < times.Length; i++)
        {
            times[i] = timesSeconds[i];
            values[i] = celsius[i];
            CheckCelsius(values[i], nameof(celsius));
            if (!(times[i] >= 0 && double.IsFinite(times[i])) || (i > 0 && times[i] <= times[i - 1]))
            {
                throw new ArgumentException(
                    $"temperature table time #{i + 1} = {times[i]} s: expected finite, non-negative times in strictly increasing order",
                    nameof(timesSeconds));
            }
        }

        return new TableTemperatureProfile(times, values);
    }

    private static void CheckCelsius(double celsius, string name)
    {
        if (!(celsius >= -90 && celsius <= 70))
        {
            throw new ArgumentOutOfRangeException(name, celsius, "expected an outside temperature in [-90, 70] °C");
        }
    }
}

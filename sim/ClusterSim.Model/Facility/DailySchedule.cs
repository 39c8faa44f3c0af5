namespace ClusterSim.Model.Facility;

/// <summary>
/// A value that repeats every day in periods, each holding from its start (time of day) until
/// the next: an electricity tariff in USD/kWh (flat or time-of-use) or a carbon intensity in
/// gCO2e/kWh. Time 0 of the run is midnight.
/// </summary>
public sealed class DailySchedule
{
    private const long DayNs = 86_400L * 1_000_000_000L;
    private readonly long[] _startsNs;
    private readonly double[] _values;

    private DailySchedule(long[] startsNs, double[] values)
    {
        _startsNs = startsNs;
        _values = values;
    }

    /// <summary>Number of periods in a day.</summary>
    public int PeriodCount => _values.Length;

    /// <summary>The same value all day.</summary>
    public static DailySchedule Flat(double value) => Periods([(0, value)]);

    /// <summary>
    /// Periods given as (start second of the day, value): the first starts at 0, starts strictly
    /// increase and lie within the day.
    /// </summary>
    public static DailySchedule Periods(IReadOnlyList<(double StartSeconds, double Value)> periods)
    {
        ArgumentNullException.ThrowIfNull(periods);
        if (periods.Count == 0)
        {
            throw new ArgumentException("a daily schedule needs at least one period", nameof(periods));
        }

        var starts = new long[periods.Count];
        var values = new double[periods.Count];
        for (var i = 0; i < periods.Count; i++)
        {
            var (start, value) = periods[i];
            if (!(value >= 0 && double.IsFinite(value)))
            {
                throw new ArgumentException($"period #{i + 1}: value {value} must be finite and non-negative", nameof(periods));
            }

            if (!(start >= 0 && start < 86_400) || (i == 0 && start != 0))
            {
                throw new ArgumentException(
                    $"period #{i + 1}: start {start} s must lie in [0, 86400) and the first period must start at 0 (midnight)", nameof(periods));
            }

            starts[i] = (long)Math.Round(start * 1e9);
            if (i > 0 && starts[i] <= starts[i - 1])
            {
                throw new ArgumentException($"period #{i + 1}: starts must strictly increase ({start} s follows {periods[i - 1].StartSeconds} s)", nameof(periods));
            }

            values[i] = value;
        }

        return new DailySchedule(starts, values);
    }

    /// <summary>Twenty-four hourly values, the first for 00:00-01:00.</summary>
    public static DailySchedule Hourly(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != 24)
        {
            throw new ArgumentException($"expected 24 hourly values, got {values.Count}", nameof(values));
        }

        var periods = new (double, double)[24];
        for (var h = 0; h < 24; h++)
        {
            periods[h] = (h * 3600.0, values[h]);
        }

        return Periods(periods);
    }

    /// <summary>The value in effect at <paramref name="timeNs"/> (non-negative).</summary>
    public double ValueAt(long timeNs) => _values[PeriodAt(timeNs % DayNs)];

    /// <summary>The first time after <paramref name="timeNs"/> at which the value may change; long.MaxValue for a flat schedule.</summary>
    public long NextChangeAfter(long timeNs)
    {
        if (_values.Length == 1)
        {
            return long.MaxValue;
        }

        var dayStart = timeNs - (timeNs % DayNs);
        var period = PeriodAt(timeNs - dayStart);
        return period + 1 < _startsNs.Length ? dayStart + _startsNs[period + 1] : dayStart + DayNs;
    }

    private int PeriodAt(long timeOfDayNs)
    {
        if (timeOfDayNs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(timeOfDayNs), timeOfDayNs, "times start at 0");
        }

        var i = Array.BinarySearch(_startsNs, timeOfDayNs);
        return i >= 0 ? i : ~i - 1;
    }
}

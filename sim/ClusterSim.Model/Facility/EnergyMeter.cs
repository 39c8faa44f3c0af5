namespace ClusterSim.Model.Facility;

/// <summary>
/// Energy of a power that is constant between changes: the exact sum of P x dt over the steps,
/// with no sampling. Allocation-free; not thread-safe.
/// </summary>
public sealed class EnergyMeter
{
    private CompensatedSum _joules;
    private long _lastNs;
    private double _watts;

    /// <param name="startNs">Time metering starts, in nanoseconds.</param>
    /// <param name="watts">Power from <paramref name="startNs"/> until the first change.</param>
    public EnergyMeter(long startNs = 0, double watts = 0)
    {
        CheckWatts(watts);
        StartNs = startNs;
        _lastNs = startNs;
        _watts = watts;
        PeakW = watts;
    }

    public long StartNs { get; }

    /// <summary>Latest time set or advanced to.</summary>
    public long EndNs => _lastNs;

    /// <summary>Power in effect now, watts.</summary>
    public double Watts => _watts;

    /// <summary>Highest power ever set (exact: the power only changes at set times).</summary>
    public double PeakW { get; private set; }

    /// <summary>Energy over [StartNs, EndNs], joules.</summary>
    public double Joules => _joules.Value;

    public double KilowattHours => Joules / 3.6e6;

    /// <summary>Mean power over [StartNs, EndNs]; the current power while no time has passed.</summary>
    public double MeanW => _lastNs > StartNs ? Joules / ((_lastNs - StartNs) / 1e9) : _watts;

    /// <summary>The power is <paramref name="watts"/> from <paramref name="timeNs"/> on.</summary>
    public void Set(long timeNs, double watts)
    {
        CheckWatts(watts);
        AdvanceTo(timeNs);
        _watts = watts;
        if (watts > PeakW)
        {
            PeakW = watts;
        }
    }

    /// <summary>Adds the energy of the current power up to <paramref name="timeNs"/>.</summary>
    public void AdvanceTo(long timeNs)
    {
        if (timeNs < _lastNs)
        {
            throw new ArgumentOutOfRangeException(nameof(timeNs), timeNs, $"time went backwards: the meter is already at {_lastNs} ns");
        }

        if (timeNs > _lastNs)
        {
            _joules.Add(_watts * ((timeNs - _lastNs) / 1e9));
            _lastNs = timeNs;
        }
    }

    private static void CheckWatts(double watts)
    {
        if (!(watts >= 0 && double.IsFinite(watts)))
        {
            throw new ArgumentOutOfRangeException(nameof(watts), watts, "power must be finite and non-negative");
        }
    }
}

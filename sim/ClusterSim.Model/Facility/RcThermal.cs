namespace ClusterSim.Model.Facility;

/// <summary>
/// First-order thermal state of one node's accelerators, advanced exactly between changes:
/// T(t) = T_ss + (T0 - T_ss) e^(-t / RC), T_ss = T_inlet + P R, with P and T_inlet held.
/// </summary>
internal sealed class RcThermal
{
    private readonly double _r;
    private readonly double _tauSeconds;
    private long _lastNs;

    public RcThermal(ThermalParameters parameters, long startNs, double inletC, double acceleratorW)
    {
        _r = parameters.ResistanceKPerW;
        _tauSeconds = parameters.TimeConstantSeconds;
        _lastNs = startNs;
        InletC = inletC;
        PowerW = acceleratorW;
        TemperatureC = SteadyStateC; // a node that has run at its starting load long enough to settle
    }

    public double TemperatureC { get; private set; }

    public double PowerW { get; private set; }

    public double InletC { get; private set; }

    public double SteadyStateC => InletC + (PowerW * _r);

    /// <summary>The temperature at <paramref name="timeNs"/> with the current power and inlet, without changing the state.</summary>
    public double TemperatureAt(long timeNs)
    {
        if (timeNs <= _lastNs)
        {
            return TemperatureC;
        }

        var steady = SteadyStateC;
        return steady + ((TemperatureC - steady) * Math.Exp(-((timeNs - _lastNs) / 1e9) / _tauSeconds));
    }

    /// <summary>Advances to <paramref name="timeNs"/>, then holds the new power and inlet from there.</summary>
    public void Update(long timeNs, double acceleratorW, double inletC)
    {
        TemperatureC = TemperatureAt(timeNs);
        _lastNs = Math.Max(_lastNs, timeNs);
        PowerW = acceleratorW;
        InletC = inletC;
    }
}

namespace ClusterSim.Model.Facility;

/// <summary>
/// One node's accelerator thermal model and its throttling controller.
/// </summary>
/// <param name="ResistanceKPerW">Accelerator-to-inlet thermal resistance R (K per watt of one accelerator).</param>
/// <param name="CapacitanceJPerK">Heat capacity C of an accelerator and its heat sink or cold plate (J/K); the time constant is R C.</param>
/// <param name="ThrottleAtC">Above this the controller lowers the clock one step per control period.</param>
/// <param name="ReleaseAtC">Below this the controller raises the clock one step per control period (hysteresis: lower than ThrottleAtC).</param>
/// <param name="ClockStep">Clock change per control period while throttling or releasing.</param>
/// <param name="ControlPeriodNs">How often the controller reads the temperature (GPU firmware polls its sensors periodically).</param>
/// <remarks>
/// Temperature obeys C dT/dt = P - (T - T_inlet) / R, i.e. dT/dt = (P R - (T - T_inlet)) / (R C),
/// solved exactly between events: T(t) = T_ss + (T0 - T_ss) e^(-t / RC) with T_ss = T_inlet + P R.
/// A node's accelerators are taken as alike: P is their mean power.
/// </remarks>
public sealed record ThermalParameters(
    double ResistanceKPerW,
    double CapacitanceJPerK,
    double ThrottleAtC,
    double ReleaseAtC,
    double ClockStep,
    long ControlPeriodNs)
{
    /// <summary>R C in seconds.</summary>
    public double TimeConstantSeconds => ResistanceKPerW * CapacitanceJPerK;

    /// <summary>Steady temperature at <paramref name="acceleratorW"/> watts per accelerator and the given inlet.</summary>
    public double SteadyStateC(double acceleratorW, double inletC) => inletC + (acceleratorW * ResistanceKPerW);

    /// <summary>
    /// The most power per accelerator that can run without throttling at this inlet: (limit - inlet) / R.
    /// This is the limit liquid cooling raises: the same silicon limit over a much lower R.
    /// </summary>
    public double SustainableW(double inletC) => Math.Max(0, (ThrottleAtC - inletC) / ResistanceKPerW);

    internal void Validate(string owner)
    {
        if (!(ResistanceKPerW > 0 && double.IsFinite(ResistanceKPerW)) || !(CapacitanceJPerK > 0 && double.IsFinite(CapacitanceJPerK)))
        {
            throw new ArgumentException($"{owner}: thermal resistance and capacitance must be positive and finite (got R = {ResistanceKPerW} K/W, C = {CapacitanceJPerK} J/K)");
        }

        if (!(ReleaseAtC < ThrottleAtC) || !double.IsFinite(ThrottleAtC) || !double.IsFinite(ReleaseAtC))
        {
            throw new ArgumentException($"{owner}: the release temperature ({ReleaseAtC} °C) must be finite and below the throttle temperature ({ThrottleAtC} °C)");
        }

        if (!(ClockStep > 0 && ClockStep <= 1))
        {
            throw new ArgumentException($"{owner}: the clock step must lie in (0, 1] (got {ClockStep})");
        }

        if (ControlPeriodNs <= 0)
        {
            throw new ArgumentException($"{owner}: the control period must be positive (got {ControlPeriodNs} ns)");
        }
    }
}

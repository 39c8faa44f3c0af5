namespace ClusterSim.Model.Facility;

/// <summary>
/// How an accelerator's core voltage follows its clock under DVFS: linear in the clock from full
/// voltage at full clock down to <see cref="FloorVoltage"/> at <see cref="FloorClock"/>, flat below.
/// Both are relative to full clock and full voltage.
/// </summary>
/// <remarks>
/// Dynamic power is C V^2 f. Above the floor a lower clock also lowers the voltage, so power falls
/// faster than the clock; below it only the clock falls, so power falls linearly with it and deep
/// caps cost more throughput per watt saved than a cubic law says.
/// </remarks>
/// <param name="FloorVoltage">Voltage at and below the floor, as a share of full-clock voltage, in (0, 1].</param>
/// <param name="FloorClock">Clock at which the voltage reaches its floor, as a share of full clock, in (0, 1].</param>
public sealed record VoltageCurve(double FloorVoltage, double FloorClock)
{
    /// <summary>
    /// Floor 0.75 of full voltage reached at 0.8 of full clock. A FIT, not a measurement: the
    /// published RTX 3090 power-limit sweep (llmgarage.ai "Tokens-per-Second Test Bench: Power
    /// Limit Sweep", February 2026, 198K-token prefill at 350/300/250/200 W keeps 100/94/85/60 %
    /// of throughput) read with 30 W idle and about 100 W of GDDR6X memory power that does not
    /// follow the core clock gives V of about 0.91, 0.80 and 0.73 at clocks 0.94, 0.85 and 0.60:
    /// falling steeply near full clock, then flat. GPU voltage tables (about 0.7 to 1.05 V on
    /// recent NVIDIA parts) put the floor near 0.7 of the top voltage, which this matches. Checked,
    /// not fitted, against datacenter capping figures: tests/ClusterSim.Model.Tests/Facility/PowerCappingValidationTests.
    /// </summary>
    public static VoltageCurve Default { get; } = new(FloorVoltage: 0.75, FloorClock: 0.8);

    /// <summary>Voltage at <paramref name="clock"/> as a share of full-clock voltage.</summary>
    public double Voltage(double clock)
    {
        ClockScaling.CheckClock(clock);
        if (clock < FloorClock)
        {
            return FloorVoltage;
        }

        return FloorClock >= 1 ? 1 : 1 - ((1 - FloorVoltage) * (1 - clock) / (1 - FloorClock));
    }

    /// <summary>Factor on dynamic power at <paramref name="clock"/>: clock x voltage^2 (1 at full clock).</summary>
    public double DynamicPowerFactor(double clock)
    {
        var v = Voltage(clock);
        return clock * v * v;
    }

    internal void Check()
    {
        if (!(FloorVoltage > 0 && FloorVoltage <= 1))
        {
            throw new ArgumentException($"voltage curve FloorVoltage = {FloorVoltage}: expected a share in (0, 1]", "power");
        }

        if (!(FloorClock > 0 && FloorClock <= 1))
        {
            throw new ArgumentException($"voltage curve FloorClock = {FloorClock}: expected a share in (0, 1]", "power");
        }

        if (FloorClock == 1 && FloorVoltage != 1)
        {
            throw new ArgumentException("voltage curve: a floor at full clock must be at full voltage", "power");
        }
    }
}

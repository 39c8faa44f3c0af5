namespace ClusterSim.Model.Facility;

/// <summary>The built-in accelerator power models.</summary>
public static class PowerModels
{
    /// <summary>
    /// Idle and sleep power, and busy power as idle plus the compute and memory shares the step uses
    /// (<see cref="AcceleratorPower"/>), the compute share following the clock-voltage law.
    /// </summary>
    public static IPowerModel Phase(AcceleratorPower power)
    {
        ArgumentNullException.ThrowIfNull(power);
        Check(power.TdpW > 0 && double.IsFinite(power.TdpW), "TdpW", power.TdpW, "a positive board power");
        Check(power.SleepW >= 0, "SleepW", power.SleepW, "at least 0 W");
        Check(power.IdleW >= power.SleepW && power.IdleW <= power.TdpW, "IdleW", power.IdleW, $"between SleepW ({power.SleepW} W) and TdpW ({power.TdpW} W)");
        // The compute and memory figures are the reference board's (the limit the part's step times were measured at).
        var reference = power.ReferenceTdpW ?? power.TdpW;
        Check(reference > 0 && double.IsFinite(reference), "ReferenceTdpW", reference, "a positive board power");
        var name = power.ReferenceTdpW is null ? "TdpW" : "ReferenceTdpW";
        Check(power.ComputeW >= 0 && power.IdleW + power.ComputeW <= reference, "ComputeW", power.ComputeW,
            $"between 0 and {name} - IdleW ({reference - power.IdleW} W)");
        Check(power.MemoryW >= 0 && power.IdleW + power.MemoryW <= reference, "MemoryW", power.MemoryW,
            $"between 0 and {name} - IdleW ({reference - power.IdleW} W)");
        ArgumentNullException.ThrowIfNull(power.Voltage);
        power.Voltage.Check();
        return new PhasePowerModel(power);
    }

    private static void Check(bool ok, string field, double value, string expected)
    {
        if (!ok)
        {
            throw new ArgumentException($"accelerator power {field} = {value} W: expected {expected}", "power");
        }
    }
}

namespace ClusterSim.Model.Facility;

/// <summary>The built-in accelerator power models.</summary>
public static class PowerModels
{
    /// <summary>
    /// Idle, sleep, and busy power interpolated between memory-bound and compute-bound figures
    /// (Splitwise's per-phase measurements), dynamic power scaling with clock^3.
    /// </summary>
    public static IPowerModel Phase(AcceleratorPower power)
    {
        ArgumentNullException.ThrowIfNull(power);
        Check(power.TdpW > 0 && double.IsFinite(power.TdpW), "TdpW", power.TdpW, "a positive board power");
        Check(power.SleepW >= 0, "SleepW", power.SleepW, "at least 0 W");
        Check(power.IdleW >= power.SleepW, "IdleW", power.IdleW, $"at least SleepW ({power.SleepW} W)");
        Check(power.MemoryBoundW >= power.IdleW && power.MemoryBoundW <= power.TdpW, "MemoryBoundW", power.MemoryBoundW,
            $"between IdleW ({power.IdleW} W) and TdpW ({power.TdpW} W)");
        Check(power.ComputeBoundW >= power.IdleW && power.ComputeBoundW <= power.TdpW, "ComputeBoundW", power.ComputeBoundW,
            $"between IdleW ({power.IdleW} W) and TdpW ({power.TdpW} W)");
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

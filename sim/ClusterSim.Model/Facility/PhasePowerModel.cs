namespace ClusterSim.Model.Facility;

/// <summary>
/// Busy power interpolated linearly between the memory-bound and compute-bound figures by the
/// compute-bound fraction; the part above idle scales with clock^3 (<see cref="ClockScaling"/>).
/// </summary>
internal sealed class PhasePowerModel : IPowerModel
{
    private readonly AcceleratorPower _p;

    public PhasePowerModel(AcceleratorPower power) => _p = power;

    public double TdpW => _p.TdpW;

    public double AcceleratorW(AcceleratorActivity activity, double clock)
    {
        ClockScaling.CheckClock(clock);
        switch (activity.State)
        {
            case AcceleratorState.Idle:
                return _p.IdleW;
            case AcceleratorState.Sleep:
                return _p.SleepW;
            default:
                var fullClock = _p.MemoryBoundW + (activity.ComputeBoundFraction * (_p.ComputeBoundW - _p.MemoryBoundW));
                return _p.IdleW + ((fullClock - _p.IdleW) * clock * clock * clock);
        }
    }
}

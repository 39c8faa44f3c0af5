namespace ClusterSim.Model.Facility;

/// <summary>
/// Busy power from what the step uses: idle + compute x compute utilisation + memory x memory
/// utilisation, the compute part scaled by the clock-voltage law, capped at the board limit.
/// </summary>
/// <remarks>
/// At clock c a step that takes d at full clock takes d T with T = u_c / c + 1 - u_c
/// (<see cref="ClockScaling.TimeFactor"/>). Its compute units switch the same work at voltage v(c),
/// so their energy is ComputeW u_c d v(c)^2; the memory system (HBM runs on its own clock) moves the
/// same bytes for MemoryW u_m d. Average power over the stretched step:
/// idle + (ComputeW v(c)^2 u_c + MemoryW u_m) / T. For a wholly compute-bound step that is
/// idle + ComputeW c v(c)^2, the f V^2 law; it never falls as the clock rises. Work on a share s of the
/// group's accelerators (<see cref="AcceleratorActivity.AcceleratorShare"/>) draws, per accelerator of the
/// group, s x that busy figure + (1 - s) x idle: exactly s of them busy and the rest idle, at any clock.
/// </remarks>
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
                var uc = activity.ComputeUtilization;
                var v = _p.Voltage.Voltage(clock);
                var energy = (_p.ComputeW * v * v * uc) + (_p.MemoryW * activity.MemoryUtilization);
                var time = clock < 1 ? ClockScaling.TimeFactor(uc, clock) : 1;
                var busy = Math.Min(_p.TdpW, _p.IdleW + (energy / time));
                var share = activity.AcceleratorShare;
                return share >= 1 ? busy : _p.IdleW + (share * (busy - _p.IdleW));
        }
    }
}

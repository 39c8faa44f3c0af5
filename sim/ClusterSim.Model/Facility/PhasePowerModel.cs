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
                var busy = Math.Min(_p.TdpW, BusyW(activity, clock));
                var share = activity.AcceleratorShare;
                return share >= 1 ? busy : _p.IdleW + (share * (busy - _p.IdleW));
        }
    }

    /// <summary>
    /// A board limited below the one its step times were measured at (<see cref="AcceleratorPower.ReferenceTdpW"/>) runs
    /// a busy step at the highest clock whose average power fits the new limit, against the clock it had on the
    /// reference board (1, or lower where that board's limit already bound): the clock k with T(k) = T(c_new) / T(c_ref),
    /// T the step's time factor (<see cref="ClockScaling.TimeFactor"/>), so that the replica's stretch by T(k) is the
    /// step's real slowdown. The limiter is taken to act on the step's average power, as the rack and site caps do: a
    /// memory-bound decode step that draws less than the limit keeps its full speed, as measured on H200s (Ma et al.
    /// 2026: no cap down to 300 W triggers in decode).
    /// </summary>
    public double BoardClock(AcceleratorActivity activity)
    {
        if (activity.State != AcceleratorState.Busy || _p.ReferenceTdpW is not { } reference || reference <= _p.TdpW)
        {
            return 1;
        }

        var uc = activity.ComputeUtilization;
        if (uc <= 0)
        {
            return 1; // a wholly memory-bound step cannot save power by its clock
        }

        var measured = HighestClockWithin(activity, reference);
        var limited = HighestClockWithin(activity, _p.TdpW);
        if (limited >= measured)
        {
            return 1;
        }

        var ratio = ClockScaling.TimeFactor(uc, limited) / ClockScaling.TimeFactor(uc, measured);
        return Math.Clamp(uc / (ratio - 1 + uc), MinBoardClock, 1);
    }

    // The lowest clock the board limit is searched down to: below it the step is not worth modelling as running.
    private const double MinBoardClock = 0.05;

    /// <summary>The highest clock in [MinBoardClock, 1] at which the step's average busy power, not clipped, is within <paramref name="limitW"/>.</summary>
    private double HighestClockWithin(AcceleratorActivity activity, double limitW)
    {
        if (BusyW(activity, 1) <= limitW)
        {
            return 1;
        }

        double lo = MinBoardClock, hi = 1;
        if (BusyW(activity, lo) > limitW)
        {
            return lo;
        }

        for (var i = 0; i < 40; i++)
        {
            var mid = 0.5 * (lo + hi);
            if (BusyW(activity, mid) <= limitW)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>One accelerator's busy power at <paramref name="clock"/>, not clipped at the board limit.</summary>
    private double BusyW(AcceleratorActivity activity, double clock)
    {
        var uc = activity.ComputeUtilization;
        var v = _p.Voltage.Voltage(clock);
        var energy = (_p.ComputeW * v * v * uc) + (_p.MemoryW * activity.MemoryUtilization);
        return _p.IdleW + (energy / (clock < 1 ? ClockScaling.TimeFactor(uc, clock) : 1));
    }
}

namespace ClusterSim.Model.Facility;

/// <summary>
/// Keeps rack and site IT power within their caps: finds the clock a busy group may run at, or
/// says that none fits even at the lowest clock.
/// </summary>
/// <remarks>
/// It computes a uniform target clock for all busy groups such that their demand fits each rack
/// cap and then the site cap (power is non-decreasing in clock), and gives the calling group the
/// lower of that target and the highest clock that fits given the clocks other groups already hold
/// (bisection). So rack and site IT power never exceed their caps at any event time, by
/// construction, and groups converge to the same clock as they roll over iterations.
/// </remarks>
internal sealed class PowerCapController
{
    // Clock resolution (1 - MinClock) / 2^steps: below 1e-8 for the target and the fit.
    private const int BisectionSteps = 28;

    private readonly NodeConfig[] _nodes;
    private readonly double[] _rackCapW;
    private readonly double _siteCapW;
    private readonly long _controlPeriodNs;
    private readonly double _minClock;
    private readonly double _fanScale;
    private readonly FacilityPowerSums _sums;
    private readonly ThermalController _thermal;
    private readonly List<FacilityGroup> _groups;
    private readonly double[] _rackTarget;
    private long _targetsValidUntilNs = long.MinValue;
    private double _siteTarget = 1;

    /// <param name="rackCapW">Cap of each rack, positive infinity for none.</param>
    /// <param name="siteCapW">Site cap, positive infinity for none.</param>
    /// <param name="groups">The facility's groups (the list grows as groups are added).</param>
    public PowerCapController(
        NodeConfig[] nodes, double[] rackCapW, double siteCapW, long controlPeriodNs, double minClock, double fanScale,
        FacilityPowerSums sums, ThermalController thermal, List<FacilityGroup> groups)
    {
        _nodes = nodes;
        _rackCapW = rackCapW;
        _siteCapW = siteCapW;
        _controlPeriodNs = controlPeriodNs;
        _minClock = minClock;
        _fanScale = fanScale;
        _sums = sums;
        _thermal = thermal;
        _groups = groups;
        _rackTarget = new double[rackCapW.Length];
        HasCaps = !double.IsPositiveInfinity(siteCapW) || Array.Exists(rackCapW, c => !double.IsPositiveInfinity(c));
    }

    public bool HasCaps { get; }

    /// <summary>Whether the site and the group's racks are within their caps now.</summary>
    public bool Fits(FacilityGroup g)
    {
        if (_sums.SiteW > _siteCapW)
        {
            return false;
        }

        foreach (var rack in g.Racks)
        {
            if (_sums.RackW(rack) > _rackCapW[rack])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Demand changed without a clock being granted (work held back): re-solve the targets at the next call.</summary>
    public void Invalidate() => _targetsValidUntilNs = long.MinValue;

    /// <summary>
    /// Applies <paramref name="activity"/> (busy) to the group at the highest clock up to
    /// <paramref name="limit"/> that the caps allow. Returns false, leaving the group at some trial
    /// clock for the caller to restore, when none fits even at the lowest clock.
    /// </summary>
    public bool TryFitBusy(FacilityGroup g, AcceleratorActivity activity, double limit, long now, out double clock)
    {
        // The target solve reads the group's new activity (as demand), not its sums.
        g.Activity = activity;
        var target = Math.Min(limit, Target(g, now));
        _sums.Apply(g, activity, target);
        if (Fits(g))
        {
            clock = target;
            return true;
        }

        var lo = Math.Min(_minClock, target);
        _sums.Apply(g, activity, lo);
        if (!Fits(g))
        {
            clock = 0;
            return false;
        }

        // Highest clock in [lo, target) that fits, given the clocks other groups hold.
        var hi = target;
        for (var i = 0; i < BisectionSteps; i++)
        {
            var mid = 0.5 * (lo + hi);
            _sums.Apply(g, activity, mid);
            if (Fits(g))
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        clock = lo;
        _sums.Apply(g, activity, clock);
        return true;
    }

    /// <summary>
    /// The clock group <paramref name="g"/> should aim for: the uniform clock at which every busy
    /// group (each also under its thermal limit) would fit every rack cap and then the site cap.
    /// Re-solved at most once per cap control period (it costs a pass over all groups per
    /// bisection step); between solves it may be stale, which costs fairness for a moment but
    /// never the caps, since every call is also checked against the clocks groups actually hold.
    /// </summary>
    private double Target(FacilityGroup g, long now)
    {
        if (now >= _targetsValidUntilNs)
        {
            RefreshTargets();
            _targetsValidUntilNs = _controlPeriodNs == 0 ? long.MinValue : now + _controlPeriodNs;
        }

        var target = _siteTarget;
        foreach (var rack in g.Racks)
        {
            target = Math.Min(target, _rackTarget[rack]);
        }

        return target;
    }

    private void RefreshTargets()
    {
        foreach (var h in _groups)
        {
            h.Limit = Math.Min(_thermal.Limit(h), h.BoardLimit);
            h.RackTarget = 1;
        }

        for (var r = 0; r < _rackCapW.Length; r++)
        {
            _rackTarget[r] = double.IsPositiveInfinity(_rackCapW[r]) ? 1 : SolveTarget(r, _rackCapW[r]);
        }

        foreach (var h in _groups)
        {
            var target = 1.0;
            foreach (var rack in h.Racks)
            {
                target = Math.Min(target, _rackTarget[rack]);
            }

            h.RackTarget = target;
        }

        _siteTarget = double.IsPositiveInfinity(_siteCapW) ? 1 : SolveTarget(-1, _siteCapW);
    }

    /// <summary>
    /// The highest clock in [MinClock, 1] at which the hypothetical power of rack
    /// <paramref name="rack"/> (or the site, for -1) fits <paramref name="capW"/>; MinClock when
    /// none does. Power is non-decreasing in the clock, so the Illinois variant of regula falsi
    /// keeps a bracket [feasible, infeasible] and converges in a handful of evaluations, each a
    /// pass over the rack's or site's groups; the answer is always a feasible end of the bracket.
    /// </summary>
    private double SolveTarget(int rack, double capW)
    {
        var fHi = HypotheticalW(rack, 1) - capW;
        if (fHi <= 0)
        {
            return 1;
        }

        double lo = _minClock, hi = 1;
        var fLo = HypotheticalW(rack, lo) - capW;
        if (fLo > 0)
        {
            return lo;
        }

        var tolerance = 1e-9 * capW;
        var side = 0;
        for (var i = 0; i < 60 && hi - lo > 1e-9; i++)
        {
            var x = fHi == fLo ? 0.5 * (lo + hi) : Math.Clamp(((lo * fHi) - (hi * fLo)) / (fHi - fLo), lo, hi);
            if (x <= lo || x >= hi)
            {
                x = 0.5 * (lo + hi);
            }

            var f = HypotheticalW(rack, x) - capW;
            if (f <= 0)
            {
                lo = x;
                fLo = f;
                if (f > -tolerance)
                {
                    break;
                }

                if (side == -1)
                {
                    fHi /= 2;
                }

                side = -1;
            }
            else
            {
                hi = x;
                fHi = f;
                if (side == 1)
                {
                    fLo /= 2;
                }

                side = 1;
            }
        }

        return lo;
    }

    private double HypotheticalW(int rack, double clock) => rack < 0 ? HypotheticalSiteW(clock) : HypotheticalRackW(rack, clock);

    private double HypotheticalSiteW(double clock)
    {
        var w = 0.0;
        for (var r = 0; r < _rackCapW.Length; r++)
        {
            w += HypotheticalRackW(r, clock);
        }

        return w;
    }

    /// <summary>
    /// Rack power if every busy group, and every group whose work a cap held back, ran at
    /// min(its thermal limit, its rack target, clock).
    /// </summary>
    private double HypotheticalRackW(int r, double clock)
    {
        var w = 0.0;
        foreach (var n in _sums.RackNodes(r))
        {
            var node = _nodes[n];
            var accW = _sums.Unassigned(n) * _sums.NodeIdleAccW(n);
            var allAsleep = _sums.Unassigned(n) == 0;
            foreach (var piece in _sums.Pieces(n))
            {
                var h = piece.Group;
                var activity = h.Pending ?? h.Activity;
                if (activity.State == AcceleratorState.Busy)
                {
                    var c = Math.Min(Math.Min(h.Limit, h.RackTarget), clock);
                    accW += piece.Count * node.Power.AcceleratorW(activity, c);
                }
                else
                {
                    accW += piece.Count * node.Power.AcceleratorW(activity, 1);
                }

                allAsleep &= activity.State == AcceleratorState.Sleep;
            }

            w += allAsleep
                ? node.Host.SleepW
                : accW + node.Host.HostW + node.Host.NetworkW + node.Host.FanW(accW, _sums.NodeTdpW(n), _fanScale);
        }

        return w;
    }
}

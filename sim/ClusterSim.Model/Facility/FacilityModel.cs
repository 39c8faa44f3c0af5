using ClusterSim.Engine.Core;
using ClusterSim.Model.Metrics;

namespace ClusterSim.Model.Facility;

/// <summary>
/// The facility around the accelerators: per-node power (accelerators, host, network, fans),
/// rack and site power with optional caps, per-node thermal state with throttling, cooling
/// overhead, and the exact energy, electricity cost and carbon of the run.
/// </summary>
/// <remarks>
/// <para>
/// How the serving layer drives it: each replica owns a group of accelerators
/// (<see cref="AddGroup(int, int)"/>) and calls <see cref="TrySetActivity"/> whenever the group
/// starts an iteration (busy, with the compute-bound fraction the execution model reports), goes
/// idle, or is parked asleep. The call returns false when a power cap cannot fit the new activity
/// even at the lowest clock: the caller holds the work back and retries when
/// <see cref="HeadroomFreed"/> fires (or at its next chance). On success
/// <see cref="ClockFactor"/> gives the clock the group runs at until its next call: stretch the
/// iteration with <see cref="ClockScaling.TimeFactor"/>. The clock is latched per call, so the
/// power booked and the speed the caller uses always agree; a thermal or cap change reaches a
/// group at its next call (iterations last milliseconds, thermal time constants tens of seconds).
/// </para>
/// <para>
/// Power caps: the controller computes a uniform target clock for all busy groups such that their
/// demand fits each rack cap and then the site cap (bisection; power is non-decreasing in clock),
/// and gives the calling group the lower of that target and the highest clock that fits given the
/// clocks other groups already hold. So rack and site IT power never exceed their caps at any
/// event time, by construction, and groups converge to the same clock as they roll over
/// iterations.
/// </para>
/// <para>
/// Thermal: each node's accelerators follow an RC model (<see cref="ThermalParameters"/>) solved
/// exactly between events. While any node could throttle (hot, or already throttled), a control
/// tick runs every control period (the shortest among nodes): above the throttle temperature the
/// node's clock drops a step, below the release temperature it rises a step. No tick is pending
/// while every node is cool, so a finished, idle run does not keep the event queue alive.
/// </para>
/// <para>
/// Energy: IT power is piecewise constant between calls and integrated exactly; the cooling
/// overhead, the tariff and carbon are integrated exactly too (see <see cref="ICoolingModel"/>
/// and <see cref="DailySchedule"/>). Time is the simulation's clock.
/// </para>
/// <para>
/// This class coordinates; the work is done by <see cref="FacilityPowerSums"/> (node, rack and
/// site power), <see cref="PowerCapController"/>, <see cref="ThermalController"/> and
/// <see cref="FacilityMeters"/> (energy ledger, series, busy time).
/// </para>
/// </remarks>
public sealed class FacilityModel
{
    private readonly Simulation _sim;
    private readonly long _startNs;
    private readonly RackConfig[] _racks;
    private readonly NodeConfig[] _nodes;
    private readonly double _siteCapW;
    private readonly bool _hasCarbon;
    private readonly List<FacilityGroup> _groups = [];

    private readonly FacilityPowerSums _sums;
    private readonly ThermalController _thermal;
    private readonly PowerCapController _caps;
    private readonly FacilityMeters _meters;

    private long _heldBack;
    private bool _refusedSinceNotify;

    public FacilityModel(Simulation simulation, FacilityOptions options, IReadOnlyList<RackConfig> racks, IReadOnlyList<NodeConfig> nodes)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Cooling);
        ArgumentNullException.ThrowIfNull(options.Outside);
        ArgumentNullException.ThrowIfNull(options.ElectricityUsdPerKwh);
        ArgumentNullException.ThrowIfNull(racks);
        ArgumentNullException.ThrowIfNull(nodes);
        if (!(options.MinClock > 0 && options.MinClock <= 1))
        {
            throw new ArgumentException($"MinClock = {options.MinClock}: expected a clock factor in (0, 1]", nameof(options));
        }

        if (racks.Count == 0 || nodes.Count == 0)
        {
            throw new ArgumentException($"a facility needs at least one rack and one node (got {racks.Count} racks, {nodes.Count} nodes)");
        }

        _sim = simulation;
        _startNs = simulation.Now;
        var cooling = options.Cooling;

        _racks = [.. racks];
        var rackCapW = new double[_racks.Length];
        for (var r = 0; r < _racks.Length; r++)
        {
            var cap = _racks[r].CapW;
            if (cap is { } c && !(c > 0 && double.IsFinite(c)))
            {
                throw new ArgumentException($"rack '{_racks[r].Name}': cap {c} W must be positive and finite", nameof(racks));
            }

            rackCapW[r] = cap ?? double.PositiveInfinity;
        }

        if (options.SiteCapW is { } site && !(site > 0 && double.IsFinite(site)))
        {
            throw new ArgumentException($"site cap {site} W must be positive and finite", nameof(options));
        }

        _siteCapW = options.SiteCapW ?? double.PositiveInfinity;
        if (options.CapControlPeriodNs < 0)
        {
            throw new ArgumentException($"CapControlPeriodNs = {options.CapControlPeriodNs}: expected 0 or more", nameof(options));
        }

        _nodes = [.. nodes];
        var thermal = new ThermalParameters[_nodes.Length];
        var designItW = 0.0;
        for (var i = 0; i < _nodes.Length; i++)
        {
            var node = _nodes[i] ?? throw new ArgumentException($"node #{i + 1} is null", nameof(nodes));
            if (node.Rack < 0 || node.Rack >= _racks.Length)
            {
                throw new ArgumentException($"node '{node.Name}': rack index {node.Rack} is outside the {_racks.Length} racks", nameof(nodes));
            }

            if (node.Accelerators < 1)
            {
                throw new ArgumentException($"node '{node.Name}': expected at least one accelerator (got {node.Accelerators})", nameof(nodes));
            }

            ArgumentNullException.ThrowIfNull(node.Power);
            ArgumentNullException.ThrowIfNull(node.Host);
            node.Host.Validate(node.Name);
            thermal[i] = node.Thermal ?? cooling.Thermal;
            thermal[i].Validate($"node '{node.Name}'");
            designItW += (node.Accelerators * node.Power.TdpW) + node.Host.HostW + node.Host.NetworkW + (cooling.FanScale * node.Host.FanMaxW);
        }

        DesignItW = designItW;
        _sums = new FacilityPowerSums(_nodes, _racks.Length, cooling.FanScale);
        for (var r = 0; r < _racks.Length; r++)
        {
            if (_sums.RackW(r) > rackCapW[r])
            {
                throw new ArgumentException(
                    $"rack '{_racks[r].Name}': cap {rackCapW[r] / 1e3:0.###} kW is below the rack's idle power {_sums.RackW(r) / 1e3:0.###} kW", nameof(racks));
            }
        }

        if (_sums.SiteW > _siteCapW)
        {
            throw new ArgumentException($"site cap {_siteCapW / 1e3:0.###} kW is below the cluster's idle power {_sums.SiteW / 1e3:0.###} kW", nameof(options));
        }

        _thermal = new ThermalController(simulation, _nodes, thermal, cooling, options.Outside, options.MinClock, _sums);
        _caps = new PowerCapController(
            _nodes, rackCapW, _siteCapW, options.CapControlPeriodNs, options.MinClock, cooling.FanScale, _sums, _thermal, _groups);
        _hasCarbon = options.CarbonGramsPerKwh is not null;
        _meters = new FacilityMeters(options, DesignItW, _sums, simulation.Now);
        _thermal.WatchAll();
    }

    /// <summary>
    /// Called (synchronously, after the state is consistent) when power falls after a cap refused
    /// an activity: held-back work may fit now.
    /// </summary>
    public Action? HeadroomFreed { get; set; }

    /// <summary>Nameplate IT power: every accelerator at its board limit plus host, network and full fans.</summary>
    public double DesignItW { get; }

    /// <summary>Site IT power cap in watts, or null.</summary>
    public double? SiteCapW => double.IsPositiveInfinity(_siteCapW) ? null : _siteCapW;

    public int RackCount => _racks.Length;

    public int NodeCount => _nodes.Length;

    public int GroupCount => _groups.Count;

    /// <summary>IT power of the site now, watts.</summary>
    public double SiteItW => _sums.SiteW;

    /// <summary>Facility power now (IT plus cooling overhead at the current outside temperature), watts.</summary>
    public double FacilityW => _meters.FacilityW(_sim.Now);

    /// <summary>Activities refused because a cap could not fit them even at the lowest clock.</summary>
    public long HeldBack => _heldBack;

    /// <summary>Site IT power over time.</summary>
    public TimeWeightedSeries SiteItSeries => _meters.SiteSeries;

    /// <summary>Site facility power over time (overhead taken at the outside temperature of each change).</summary>
    public TimeWeightedSeries SiteFacilitySeries => _meters.SiteFacilitySeries;

    public string RackName(int rack) => _racks[rack].Name;

    public double? RackCapW(int rack) => _racks[rack].CapW;

    public double RackItW(int rack) => _sums.RackW(rack);

    /// <summary>IT power of one rack over time.</summary>
    public TimeWeightedSeries RackItSeries(int rack) => _meters.RackSeries(rack);

    public string NodeName(int node) => _nodes[node].Name;

    public double NodeItW(int node) => _sums.NodeW(node);

    /// <summary>Accelerator temperature of a node now, °C.</summary>
    public double NodeTemperatureC(int node) => _thermal.TemperatureC(node, _sim.Now);

    /// <summary>The clock factor the node's thermal controller allows now (1 when not throttled).</summary>
    public double NodeThermalClock(int node) => _thermal.Clock(node);

    /// <summary>Adds a group of <paramref name="accelerators"/> accelerators on one node; it starts idle. Returns its index.</summary>
    public int AddGroup(int node, int accelerators) => AddGroup([new GroupPiece(node, accelerators)]);

    /// <summary>Adds a group spanning nodes (for example tensor parallelism over two nodes); it starts idle. Returns its index.</summary>
    public int AddGroup(IReadOnlyList<GroupPiece> pieces)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        if (pieces.Count == 0)
        {
            throw new ArgumentException("a group needs at least one piece", nameof(pieces));
        }

        var wanted = new Dictionary<int, int>();
        foreach (var p in pieces)
        {
            if (p.Node < 0 || p.Node >= _nodes.Length || p.Accelerators < 1)
            {
                throw new ArgumentException($"group piece {p}: expected a node index below {_nodes.Length} and at least one accelerator", nameof(pieces));
            }

            wanted[p.Node] = wanted.GetValueOrDefault(p.Node) + p.Accelerators;
        }

        foreach (var (node, count) in wanted)
        {
            if (count > _sums.Unassigned(node))
            {
                throw new ArgumentException(
                    $"node '{_nodes[node].Name}' has {_sums.Unassigned(node)} unassigned accelerators; the group asks for {count}", nameof(pieces));
            }
        }

        var group = new FacilityGroup(_groups.Count, _sim.Now);
        var groupPieces = new FacilityPiece[pieces.Count];
        var nodeSet = new SortedSet<int>();
        var rackSet = new SortedSet<int>();
        for (var i = 0; i < pieces.Count; i++)
        {
            var p = pieces[i];
            groupPieces[i] = _sums.AddPiece(group, p.Node, p.Accelerators);
            group.Accelerators += p.Accelerators;
            nodeSet.Add(p.Node);
            rackSet.Add(_nodes[p.Node].Rack);
        }

        group.Pieces = groupPieces;
        group.Nodes = [.. nodeSet];
        group.Racks = [.. rackSet];
        group.Clock = _thermal.Limit(group);
        _groups.Add(group);

        // Unassigned accelerators idle and so does a new group: power is unchanged, but recompute
        // so that the sums stay the result of one summation order.
        _sums.Refresh(group);
        return group.Index;
    }

    /// <summary>The group's activity now.</summary>
    public AcceleratorActivity ActivityOf(int group) => _groups[group].Activity;

    /// <summary>
    /// The clock factor the group runs at, latched at its last <see cref="TrySetActivity"/>
    /// (for an idle or sleeping group: the thermal limit it had then).
    /// </summary>
    public double ClockFactor(int group) => _groups[group].Clock;

    /// <summary>
    /// Whether any group's clock can ever move from 1: a power cap, or a node that could get hot enough to throttle
    /// (<see cref="ThermalController.CanThrottle"/>). False: every group runs at full clock for the whole run.
    /// </summary>
    public bool ClocksCanChange => _caps.HasCaps || _thermal.CanThrottle;

    /// <summary>
    /// The group does <paramref name="activity"/> from now on. Returns false, changing nothing,
    /// when a power cap cannot fit it even at the lowest clock (hold the work back).
    /// </summary>
    public bool TrySetActivity(int group, AcceleratorActivity activity)
    {
        var g = _groups[group];
        var now = _sim.Now;
        var oldActivity = g.Activity;
        var oldClock = g.Clock;
        var oldSiteW = _sums.SiteW;
        var oldBoard = g.BoardLimit;
        g.BoardLimit = BoardLimit(g, activity);
        var limit = Math.Min(_thermal.Limit(g), g.BoardLimit);

        double clock;
        if (activity.State != AcceleratorState.Busy)
        {
            clock = limit;
            _sums.Apply(g, activity, clock);
            if (_caps.HasCaps && !_caps.Fits(g))
            {
                g.BoardLimit = oldBoard;
                return Refuse(g, activity, oldActivity, oldClock);
            }
        }
        else if (!_caps.HasCaps)
        {
            clock = limit;
            _sums.Apply(g, activity, clock);
        }
        else if (!_caps.TryFitBusy(g, activity, limit, now, out clock))
        {
            g.BoardLimit = oldBoard;
            return Refuse(g, activity, oldActivity, oldClock);
        }

        Commit(g, oldActivity, oldClock, activity, clock, limit, now);
        if (_refusedSinceNotify && _sums.SiteW < oldSiteW)
        {
            _refusedSinceNotify = false;
            HeadroomFreed?.Invoke();
        }

        return true;
    }

    /// <summary>The lowest clock the power limits of the group's boards allow <paramref name="activity"/> (<see cref="IPowerModel.BoardClock"/>).</summary>
    private double BoardLimit(FacilityGroup g, AcceleratorActivity activity)
    {
        var clock = 1.0;
        foreach (var node in g.Nodes)
        {
            clock = Math.Min(clock, _nodes[node].Power.BoardClock(activity));
        }

        return clock;
    }

    /// <summary>Throttling stretches so far; one still open ends at the current time.</summary>
    public IReadOnlyList<ThrottleInterval> ThrottleIntervals() => _thermal.ThrottleIntervals(_sim.Now);

    /// <summary>Electricity cost of the facility energy up to now, USD.</summary>
    public double EnergyUsd()
    {
        _meters.Ledger.AdvanceTo(_sim.Now);
        return _meters.Ledger.EnergyUsd;
    }

    /// <summary>
    /// Energy, thermal and capping figures from the start to now (the run may go on; each call
    /// reports up to its own time).
    /// </summary>
    public EnergySummary Summarize()
    {
        var now = _sim.Now;
        _meters.AdvanceTo(now);
        var (busy, busyClock, capLimited) = _meters.AcceleratorSeconds(_groups, now);
        var intervals = ThrottleIntervals();
        var throttledSeconds = 0.0;
        foreach (var interval in intervals)
        {
            throttledSeconds += interval.DurationSeconds;
        }

        var ledger = _meters.Ledger;
        var duration = (now - _startNs) / 1e9;
        var itKwh = ledger.ItJoules / 3.6e6;
        var facilityKwh = ledger.FacilityJoules / 3.6e6;
        return new EnergySummary(
            DurationS: duration,
            ItKwh: itKwh,
            FacilityKwh: facilityKwh,
            MeanPue: itKwh > 0 ? facilityKwh / itKwh : 0,
            MeanItKw: duration > 0 ? ledger.ItJoules / duration / 1e3 : _sums.SiteW / 1e3,
            PeakItKw: ledger.PeakItW / 1e3,
            DesignItKw: DesignItW / 1e3,
            AcceleratorKwh: ledger.AcceleratorJoules / 3.6e6,
            HostKwh: ledger.HostJoules / 3.6e6,
            FanKwh: ledger.FanJoules / 3.6e6,
            CoolingOverheadKwh: ledger.OverheadJoules / 3.6e6,
            CarbonKg: _hasCarbon ? ledger.CarbonGrams / 1e3 : null,
            SiteCapKw: SiteCapW / 1e3,
            BusyAcceleratorHours: busy / 3600,
            MeanBusyClock: busy > 0 ? busyClock / busy : 1,
            CapLimitedAcceleratorHours: capLimited / 3600,
            HeldBack: _heldBack,
            ThrottleIntervals: intervals.Count,
            ThrottledNodeHours: throttledSeconds / 3600,
            MaxAcceleratorTempC: _thermal.MaxTemperatureC(now));
    }

    /// <summary>
    /// Each group's IT energy from the start to now, joules: what its own accelerators drew (metered at every change),
    /// plus, on each node it sits on, a share of the node's host, network and fans in proportion to its accelerators
    /// there. Accelerators in no group (always idle) and their share of their node's host are in no group's figure, so
    /// the groups add up to the site's IT energy less that.
    /// </summary>
    public double[] GroupItJoules()
    {
        var now = _sim.Now;
        var result = new double[_groups.Count];
        for (var n = 0; n < _nodes.Length; n++)
        {
            var pieces = _sums.Pieces(n);
            var own = new double[pieces.Length];
            // Host, network and fans: the node's energy less its accelerators' (those in no group idle throughout).
            var rest = _meters.NodeJoules(n, now) - (_sums.Unassigned(n) * _sums.NodeIdleAccW(n) * ((now - _startNs) / 1e9));
            for (var k = 0; k < pieces.Length; k++)
            {
                var p = pieces[k];
                own[k] = p.Joules.Value + (p.BookedW * ((now - p.Group.Since) / 1e9));
                rest -= own[k];
            }

            for (var k = 0; k < pieces.Length; k++)
            {
                var p = pieces[k];
                result[p.Group.Index] += own[k] + (rest * p.Count / _nodes[n].Accelerators);
            }
        }

        return result;
    }

    /// <summary>The nodes a group occupies, each counted by the share of its accelerators the group holds (a whole node: 1).</summary>
    public double GroupNodeShare(int group)
    {
        var share = 0.0;
        foreach (var p in _groups[group].Pieces)
        {
            share += (double)p.Count / _nodes[p.Node].Accelerators;
        }

        return share;
    }

    private bool Refuse(FacilityGroup g, AcceleratorActivity refused, AcceleratorActivity oldActivity, double oldClock)
    {
        _sums.Apply(g, oldActivity, oldClock); // same inputs, same summation order: the same sums as before
        _heldBack++;
        _refusedSinceNotify = true;

        // The held-back work is demand too: without it the next target would leave the groups
        // already running at their clock and this one could wait for ever. Only new demand makes
        // the targets stale: a held group refused again on a retry was counted when it was first
        // held (re-solving then, as before, made every retry of every held replica a full solve of
        // all racks: 95 % of a capped 1,000-replica run), and the periodic solve follows its latest work.
        var newDemand = g.Pending is null;
        g.Pending = refused;
        if (newDemand)
        {
            _caps.Invalidate();
        }

        return false;
    }

    private void Commit(FacilityGroup g, AcceleratorActivity oldActivity, double oldClock, AcceleratorActivity activity, double clock, double limit, long now)
    {
        if (oldActivity.State == AcceleratorState.Busy)
        {
            _meters.EndBusy(g, oldActivity, oldClock, now);
        }

        foreach (var piece in g.Pieces)
        {
            piece.Joules.Add(piece.BookedW * ((now - g.Since) / 1e9));
            piece.BookedW = piece.W;
        }

        g.Since = now;
        g.Pending = null;
        g.CapLimited = activity.State == AcceleratorState.Busy && clock < limit;
        _meters.Record(g, now);
        _thermal.PowerChanged(g, _sums, now);
    }
}

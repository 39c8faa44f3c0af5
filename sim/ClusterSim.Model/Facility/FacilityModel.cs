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
/// </remarks>
public sealed class FacilityModel
{
    // Clock resolution (1 - MinClock) / 2^steps: below 1e-8 for the target and the fit.
    private const int BisectionSteps = 28;

    private readonly Simulation _sim;
    private readonly ICoolingModel _cooling;
    private readonly OutsideTemperature _outside;
    private readonly double _minClock;
    private readonly long _startNs;

    private readonly RackConfig[] _racks;
    private readonly double[] _rackCapW;
    private readonly int[][] _rackNodes;
    private readonly double[] _rackW;
    private readonly double[] _rackAccW;
    private readonly double[] _rackHostW;
    private readonly double[] _rackFanW;
    private readonly double[] _rackTarget;
    private readonly TimeWeightedSeries[] _rackSeries;

    private readonly NodeConfig[] _nodes;
    private readonly int[] _nodeUnassigned;
    private readonly double[] _nodeTdpW;
    private readonly double[] _nodeIdleAccW;
    private readonly List<Piece>[] _nodePieces;
    private readonly double[] _nodeAccW;
    private readonly double[] _nodeHostW;
    private readonly double[] _nodeFanW;
    private readonly double[] _nodeW;
    private readonly ThermalParameters[] _nodeThermal;
    private readonly RcThermal[] _thermal;
    private readonly int[] _thermalSteps;
    private readonly long[] _throttleStart;
    private readonly double[] _throttleLowest;
    private readonly double[] _throttlePeakC;
    private readonly List<ThrottleInterval> _closedThrottles = [];

    private readonly List<Group> _groups = [];

    private readonly double _siteCapW;
    private readonly long _capControlPeriodNs;
    private readonly bool _hasCaps;
    private long _targetsValidUntilNs = long.MinValue;
    private double _siteTarget = 1;
    private readonly bool _hasCarbon;
    private double _siteW;
    private double _siteAccW;
    private double _siteHostW;
    private double _siteFanW;

    private readonly FacilityEnergyLedger _ledger;
    private readonly TimeWeightedSeries _siteSeries;
    private readonly TimeWeightedSeries _siteFacilitySeries;

    private readonly long _controlPeriodNs;
    private readonly Ticker _ticker;
    private bool _tickPending;

    private CompensatedSum _busyAcceleratorSeconds;
    private CompensatedSum _busyClockAcceleratorSeconds;
    private CompensatedSum _capLimitedAcceleratorSeconds;
    private double _maxTemperatureC;
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
        _cooling = options.Cooling;
        _outside = options.Outside;
        _minClock = options.MinClock;
        _startNs = simulation.Now;

        _racks = [.. racks];
        _rackCapW = new double[_racks.Length];
        for (var r = 0; r < _racks.Length; r++)
        {
            var cap = _racks[r].CapW;
            if (cap is { } c && !(c > 0 && double.IsFinite(c)))
            {
                throw new ArgumentException($"rack '{_racks[r].Name}': cap {c} W must be positive and finite", nameof(racks));
            }

            _rackCapW[r] = cap ?? double.PositiveInfinity;
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

        _capControlPeriodNs = options.CapControlPeriodNs;
        _hasCaps = options.SiteCapW is not null || Array.Exists(_racks, r => r.CapW is not null);

        _nodes = [.. nodes];
        var n = _nodes.Length;
        _nodeUnassigned = new int[n];
        _nodeTdpW = new double[n];
        _nodeIdleAccW = new double[n];
        _nodePieces = new List<Piece>[n];
        _nodeAccW = new double[n];
        _nodeHostW = new double[n];
        _nodeFanW = new double[n];
        _nodeW = new double[n];
        _nodeThermal = new ThermalParameters[n];
        _thermal = new RcThermal[n];
        _thermalSteps = new int[n];
        _throttleStart = new long[n];
        _throttleLowest = new double[n];
        _throttlePeakC = new double[n];
        var rackNodes = new List<int>[_racks.Length];
        for (var r = 0; r < rackNodes.Length; r++)
        {
            rackNodes[r] = [];
        }

        var controlPeriod = long.MaxValue;
        var designItW = 0.0;
        for (var i = 0; i < n; i++)
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
            _nodeThermal[i] = node.Thermal ?? _cooling.Thermal;
            _nodeThermal[i].Validate($"node '{node.Name}'");
            controlPeriod = Math.Min(controlPeriod, _nodeThermal[i].ControlPeriodNs);

            rackNodes[node.Rack].Add(i);
            _nodeUnassigned[i] = node.Accelerators;
            _nodeTdpW[i] = node.Accelerators * node.Power.TdpW;
            _nodeIdleAccW[i] = node.Power.AcceleratorW(AcceleratorActivity.Idle, 1);
            _nodePieces[i] = [];
            _throttleStart[i] = -1;
            designItW += _nodeTdpW[i] + node.Host.HostW + node.Host.NetworkW + (_cooling.FanScale * node.Host.FanMaxW);
            RecomputeNode(i);
        }

        DesignItW = designItW;
        _controlPeriodNs = controlPeriod;
        _rackNodes = new int[_racks.Length][];
        _rackW = new double[_racks.Length];
        _rackAccW = new double[_racks.Length];
        _rackHostW = new double[_racks.Length];
        _rackFanW = new double[_racks.Length];
        _rackTarget = new double[_racks.Length];
        _rackSeries = new TimeWeightedSeries[_racks.Length];
        for (var r = 0; r < _racks.Length; r++)
        {
            _rackNodes[r] = [.. rackNodes[r]];
            RecomputeRack(r);
            if (_rackW[r] > _rackCapW[r])
            {
                throw new ArgumentException(
                    $"rack '{_racks[r].Name}': cap {_rackCapW[r] / 1e3:0.###} kW is below the rack's idle power {_rackW[r] / 1e3:0.###} kW", nameof(racks));
            }
        }

        RecomputeSite();
        if (_siteW > _siteCapW)
        {
            throw new ArgumentException($"site cap {_siteCapW / 1e3:0.###} kW is below the cluster's idle power {_siteW / 1e3:0.###} kW", nameof(options));
        }

        var now = simulation.Now;
        var inlet = _cooling.InletC(_outside.At(now));
        _maxTemperatureC = double.NegativeInfinity;
        for (var i = 0; i < n; i++)
        {
            _thermal[i] = new RcThermal(_nodeThermal[i], now, inlet, _nodeAccW[i] / _nodes[i].Accelerators);
            _maxTemperatureC = Math.Max(_maxTemperatureC, _thermal[i].TemperatureC);
        }

        _hasCarbon = options.CarbonGramsPerKwh is not null;
        _ledger = new FacilityEnergyLedger(_cooling, DesignItW, _outside, options.ElectricityUsdPerKwh, options.CarbonGramsPerKwh, now);
        _ledger.Set(now, _siteAccW, _siteHostW, _siteFanW);
        for (var r = 0; r < _racks.Length; r++)
        {
            _rackSeries[r] = new TimeWeightedSeries(now, _rackW[r], options.SeriesBuckets, options.SeriesBucketWidthNs);
        }

        _siteSeries = new TimeWeightedSeries(now, _siteW, options.SeriesBuckets, options.SeriesBucketWidthNs);
        _siteFacilitySeries = new TimeWeightedSeries(now, CurrentFacilityW(now), options.SeriesBuckets, options.SeriesBucketWidthNs);
        _ticker = new Ticker(this);
        for (var i = 0; i < n; i++)
        {
            if (NeedsWatch(i))
            {
                EnsureTick();
            }
        }
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
    public double SiteItW => _siteW;

    /// <summary>Facility power now (IT plus cooling overhead at the current outside temperature), watts.</summary>
    public double FacilityW => CurrentFacilityW(_sim.Now);

    /// <summary>Activities refused because a cap could not fit them even at the lowest clock.</summary>
    public long HeldBack => _heldBack;

    /// <summary>Site IT power over time.</summary>
    public TimeWeightedSeries SiteItSeries => _siteSeries;

    /// <summary>Site facility power over time (overhead taken at the outside temperature of each change).</summary>
    public TimeWeightedSeries SiteFacilitySeries => _siteFacilitySeries;

    public string RackName(int rack) => _racks[rack].Name;

    public double? RackCapW(int rack) => _racks[rack].CapW;

    public double RackItW(int rack) => _rackW[rack];

    /// <summary>IT power of one rack over time.</summary>
    public TimeWeightedSeries RackItSeries(int rack) => _rackSeries[rack];

    public string NodeName(int node) => _nodes[node].Name;

    public double NodeItW(int node) => _nodeW[node];

    /// <summary>Accelerator temperature of a node now, °C.</summary>
    public double NodeTemperatureC(int node) => _thermal[node].TemperatureAt(_sim.Now);

    /// <summary>The clock factor the node's thermal controller allows now (1 when not throttled).</summary>
    public double NodeThermalClock(int node) => ThermalClock(node);

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
            if (count > _nodeUnassigned[node])
            {
                throw new ArgumentException(
                    $"node '{_nodes[node].Name}' has {_nodeUnassigned[node]} unassigned accelerators; the group asks for {count}", nameof(pieces));
            }
        }

        var group = new Group(_groups.Count, _sim.Now);
        var groupPieces = new Piece[pieces.Count];
        var nodeSet = new SortedSet<int>();
        var rackSet = new SortedSet<int>();
        for (var i = 0; i < pieces.Count; i++)
        {
            var p = pieces[i];
            var piece = new Piece(group, p.Node, p.Accelerators) { W = p.Accelerators * _nodeIdleAccW[p.Node] };
            groupPieces[i] = piece;
            _nodePieces[p.Node].Add(piece);
            _nodeUnassigned[p.Node] -= p.Accelerators;
            group.Accelerators += p.Accelerators;
            nodeSet.Add(p.Node);
            rackSet.Add(_nodes[p.Node].Rack);
        }

        group.Pieces = groupPieces;
        group.Nodes = [.. nodeSet];
        group.Racks = [.. rackSet];
        group.Clock = ThermalLimit(group);
        _groups.Add(group);

        // Unassigned accelerators idle and so does a new group: power is unchanged, but recompute
        // so that the sums stay the result of one summation order.
        foreach (var node in group.Nodes)
        {
            RecomputeNode(node);
        }

        foreach (var rack in group.Racks)
        {
            RecomputeRack(rack);
        }

        RecomputeSite();
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
    /// The group does <paramref name="activity"/> from now on. Returns false, changing nothing,
    /// when a power cap cannot fit it even at the lowest clock (hold the work back).
    /// </summary>
    public bool TrySetActivity(int group, AcceleratorActivity activity)
    {
        var g = _groups[group];
        var now = _sim.Now;
        var oldActivity = g.Activity;
        var oldClock = g.Clock;
        var oldSiteW = _siteW;
        var limit = ThermalLimit(g);

        double clock;
        if (activity.State != AcceleratorState.Busy)
        {
            clock = limit;
            Apply(g, activity, clock);
            if (_hasCaps && !Fits(g))
            {
                return Refuse(g, activity, oldActivity, oldClock);
            }
        }
        else if (!_hasCaps)
        {
            clock = limit;
            Apply(g, activity, clock);
        }
        else
        {
            Apply(g, activity, limit);
            var target = Math.Min(limit, CapTarget(g, now));
            Apply(g, activity, target);
            if (Fits(g))
            {
                clock = target;
            }
            else
            {
                var lo = Math.Min(_minClock, target);
                Apply(g, activity, lo);
                if (!Fits(g))
                {
                    return Refuse(g, activity, oldActivity, oldClock);
                }

                // Highest clock in [lo, target) that fits, given the clocks other groups hold.
                var hi = target;
                for (var i = 0; i < BisectionSteps; i++)
                {
                    var mid = 0.5 * (lo + hi);
                    Apply(g, activity, mid);
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
                Apply(g, activity, clock);
            }
        }

        Commit(g, oldActivity, oldClock, activity, clock, limit, now);
        if (_refusedSinceNotify && _siteW < oldSiteW)
        {
            _refusedSinceNotify = false;
            HeadroomFreed?.Invoke();
        }

        return true;
    }

    /// <summary>Throttling stretches so far; one still open ends at the current time.</summary>
    public IReadOnlyList<ThrottleInterval> ThrottleIntervals()
    {
        var now = _sim.Now;
        var result = new List<ThrottleInterval>(_closedThrottles);
        for (var n = 0; n < _nodes.Length; n++)
        {
            if (_throttleStart[n] >= 0)
            {
                result.Add(new ThrottleInterval(n, _nodes[n].Name, _throttleStart[n], now, _throttleLowest[n], _throttlePeakC[n]));
            }
        }

        result.Sort((a, b) => a.StartNs != b.StartNs ? a.StartNs.CompareTo(b.StartNs) : a.Node.CompareTo(b.Node));
        return result;
    }

    /// <summary>Electricity cost of the facility energy up to now, USD.</summary>
    public double EnergyUsd()
    {
        _ledger.AdvanceTo(_sim.Now);
        return _ledger.EnergyUsd;
    }

    /// <summary>
    /// Energy, thermal and capping figures from the start to now (the run may go on; each call
    /// reports up to its own time).
    /// </summary>
    public EnergySummary Summarize()
    {
        var now = _sim.Now;
        _ledger.AdvanceTo(now);
        _siteSeries.AdvanceTo(now);
        _siteFacilitySeries.AdvanceTo(now);
        foreach (var series in _rackSeries)
        {
            series.AdvanceTo(now);
        }

        var busy = _busyAcceleratorSeconds;
        var busyClock = _busyClockAcceleratorSeconds;
        var capLimited = _capLimitedAcceleratorSeconds;
        foreach (var g in _groups)
        {
            if (g.Activity.State == AcceleratorState.Busy)
            {
                var seconds = g.Accelerators * ((now - g.Since) / 1e9);
                busy.Add(seconds);
                busyClock.Add(seconds * g.Clock);
                if (g.CapLimited)
                {
                    capLimited.Add(seconds);
                }
            }
        }

        var intervals = ThrottleIntervals();
        var throttledSeconds = 0.0;
        foreach (var interval in intervals)
        {
            throttledSeconds += interval.DurationSeconds;
        }

        var duration = (now - _startNs) / 1e9;
        var itKwh = _ledger.ItJoules / 3.6e6;
        var facilityKwh = _ledger.FacilityJoules / 3.6e6;
        var maxTemperature = _maxTemperatureC;
        for (var n = 0; n < _nodes.Length; n++)
        {
            maxTemperature = Math.Max(maxTemperature, _thermal[n].TemperatureAt(now));
        }

        return new EnergySummary(
            DurationS: duration,
            ItKwh: itKwh,
            FacilityKwh: facilityKwh,
            MeanPue: itKwh > 0 ? facilityKwh / itKwh : 0,
            MeanItKw: duration > 0 ? _ledger.ItJoules / duration / 1e3 : _siteW / 1e3,
            PeakItKw: _ledger.PeakItW / 1e3,
            DesignItKw: DesignItW / 1e3,
            AcceleratorKwh: _ledger.AcceleratorJoules / 3.6e6,
            HostKwh: _ledger.HostJoules / 3.6e6,
            FanKwh: _ledger.FanJoules / 3.6e6,
            CoolingOverheadKwh: _ledger.OverheadJoules / 3.6e6,
            CarbonKg: _hasCarbon ? _ledger.CarbonGrams / 1e3 : null,
            SiteCapKw: SiteCapW / 1e3,
            BusyAcceleratorHours: busy.Value / 3600,
            MeanBusyClock: busy.Value > 0 ? busyClock.Value / busy.Value : 1,
            CapLimitedAcceleratorHours: capLimited.Value / 3600,
            HeldBack: _heldBack,
            ThrottleIntervals: intervals.Count,
            ThrottledNodeHours: throttledSeconds / 3600,
            MaxAcceleratorTempC: maxTemperature);
    }

    // ---- state updates -------------------------------------------------------------------------

    /// <summary>Sets a group's activity and clock and recomputes its nodes, racks and the site.</summary>
    private void Apply(Group g, AcceleratorActivity activity, double clock)
    {
        g.Activity = activity;
        g.Clock = clock;
        foreach (var piece in g.Pieces)
        {
            piece.W = piece.Count * _nodes[piece.Node].Power.AcceleratorW(activity, clock);
        }

        foreach (var node in g.Nodes)
        {
            RecomputeNode(node);
        }

        foreach (var rack in g.Racks)
        {
            RecomputeRack(rack);
        }

        RecomputeSite();
    }

    private bool Fits(Group g)
    {
        if (_siteW > _siteCapW)
        {
            return false;
        }

        foreach (var rack in g.Racks)
        {
            if (_rackW[rack] > _rackCapW[rack])
            {
                return false;
            }
        }

        return true;
    }

    private bool Refuse(Group g, AcceleratorActivity refused, AcceleratorActivity oldActivity, double oldClock)
    {
        Apply(g, oldActivity, oldClock); // same inputs, same summation order: the same sums as before
        _heldBack++;
        _refusedSinceNotify = true;

        // The held-back work is demand too: without it the next target would leave the groups
        // already running at their clock and this one could wait for ever.
        g.Pending = refused;
        _targetsValidUntilNs = long.MinValue;
        return false;
    }

    private void Commit(Group g, AcceleratorActivity oldActivity, double oldClock, AcceleratorActivity activity, double clock, double limit, long now)
    {
        if (oldActivity.State == AcceleratorState.Busy)
        {
            var seconds = g.Accelerators * ((now - g.Since) / 1e9);
            _busyAcceleratorSeconds.Add(seconds);
            _busyClockAcceleratorSeconds.Add(seconds * oldClock);
            if (g.CapLimited)
            {
                _capLimitedAcceleratorSeconds.Add(seconds);
            }
        }

        g.Since = now;
        g.Pending = null;
        g.CapLimited = activity.State == AcceleratorState.Busy && clock < limit;
        _ledger.Set(now, _siteAccW, _siteHostW, _siteFanW);
        foreach (var rack in g.Racks)
        {
            _rackSeries[rack].Record(now, _rackW[rack]);
        }

        _siteSeries.Record(now, _siteW);
        _siteFacilitySeries.Record(now, CurrentFacilityW(now));

        var inlet = _cooling.InletC(_outside.At(now));
        foreach (var node in g.Nodes)
        {
            var thermal = _thermal[node];
            thermal.Update(now, _nodeAccW[node] / _nodes[node].Accelerators, inlet);
            NoteTemperature(node, thermal.TemperatureC);
            if (NeedsWatch(node))
            {
                EnsureTick();
            }
        }
    }

    private void RecomputeNode(int n)
    {
        var node = _nodes[n];
        var accW = _nodeUnassigned[n] * _nodeIdleAccW[n];
        var allAsleep = _nodeUnassigned[n] == 0;
        foreach (var piece in _nodePieces[n])
        {
            accW += piece.W;
            allAsleep &= piece.Group.Activity.State == AcceleratorState.Sleep;
        }

        if (allAsleep)
        {
            // Every accelerator parked: the node suspends and draws its standby power in all.
            _nodeAccW[n] = 0;
            _nodeHostW[n] = node.Host.SleepW;
            _nodeFanW[n] = 0;
        }
        else
        {
            _nodeAccW[n] = accW;
            _nodeHostW[n] = node.Host.HostW + node.Host.NetworkW;
            _nodeFanW[n] = node.Host.FanW(accW, _nodeTdpW[n], _cooling.FanScale);
        }

        _nodeW[n] = _nodeAccW[n] + _nodeHostW[n] + _nodeFanW[n];
    }

    private void RecomputeRack(int r)
    {
        double w = 0, acc = 0, host = 0, fan = 0;
        foreach (var n in _rackNodes[r])
        {
            w += _nodeW[n];
            acc += _nodeAccW[n];
            host += _nodeHostW[n];
            fan += _nodeFanW[n];
        }

        _rackW[r] = w;
        _rackAccW[r] = acc;
        _rackHostW[r] = host;
        _rackFanW[r] = fan;
    }

    private void RecomputeSite()
    {
        double w = 0, acc = 0, host = 0, fan = 0;
        for (var r = 0; r < _rackW.Length; r++)
        {
            w += _rackW[r];
            acc += _rackAccW[r];
            host += _rackHostW[r];
            fan += _rackFanW[r];
        }

        _siteW = w;
        _siteAccW = acc;
        _siteHostW = host;
        _siteFanW = fan;
    }

    private double CurrentFacilityW(long now) => _siteW + _cooling.OverheadW(_siteW, DesignItW, _outside.At(now));

    // ---- power caps ----------------------------------------------------------------------------

    /// <summary>
    /// The clock group <paramref name="g"/> should aim for: the uniform clock at which every busy
    /// group (each also under its thermal limit) would fit every rack cap and then the site cap.
    /// Re-solved at most once per cap control period (it costs a pass over all groups per
    /// bisection step); between solves it may be stale, which costs fairness for a moment but
    /// never the caps, since every call is also checked against the clocks groups actually hold.
    /// </summary>
    private double CapTarget(Group g, long now)
    {
        if (now >= _targetsValidUntilNs)
        {
            RefreshCapTargets();
            _targetsValidUntilNs = _capControlPeriodNs == 0 ? long.MinValue : now + _capControlPeriodNs;
        }

        var target = _siteTarget;
        foreach (var rack in g.Racks)
        {
            target = Math.Min(target, _rackTarget[rack]);
        }

        return target;
    }

    private void RefreshCapTargets()
    {
        foreach (var h in _groups)
        {
            h.Limit = ThermalLimit(h);
            h.RackTarget = 1;
        }

        for (var r = 0; r < _racks.Length; r++)
        {
            _rackTarget[r] = double.IsPositiveInfinity(_rackCapW[r]) ? 1 : SolveRackTarget(r);
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

        _siteTarget = double.IsPositiveInfinity(_siteCapW) ? 1 : SolveSiteTarget();
    }

    private double SolveRackTarget(int r) => SolveTarget(r, _rackCapW[r]);

    private double SolveSiteTarget() => SolveTarget(-1, _siteCapW);

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
        for (var r = 0; r < _racks.Length; r++)
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
        foreach (var n in _rackNodes[r])
        {
            var node = _nodes[n];
            var accW = _nodeUnassigned[n] * _nodeIdleAccW[n];
            var allAsleep = _nodeUnassigned[n] == 0;
            foreach (var piece in _nodePieces[n])
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
                : accW + node.Host.HostW + node.Host.NetworkW + node.Host.FanW(accW, _nodeTdpW[n], _cooling.FanScale);
        }

        return w;
    }

    // ---- thermal -------------------------------------------------------------------------------

    private double ThermalClock(int node)
        => Math.Max(_minClock, 1 - (_thermalSteps[node] * _nodeThermal[node].ClockStep));

    private double ThermalLimit(Group g)
    {
        var limit = 1.0;
        foreach (var node in g.Nodes)
        {
            limit = Math.Min(limit, ThermalClock(node));
        }

        return limit;
    }

    private bool NeedsWatch(int node)
    {
        var thermal = _thermal[node];
        var throttleAt = _nodeThermal[node].ThrottleAtC;
        return _thermalSteps[node] > 0 || thermal.SteadyStateC > throttleAt || thermal.TemperatureC > throttleAt;
    }

    private void EnsureTick()
    {
        if (!_tickPending)
        {
            _tickPending = true;
            _sim.Schedule(_controlPeriodNs, _ticker);
        }
    }

    private void OnTick()
    {
        _tickPending = false;
        var now = _sim.Now;
        var inlet = _cooling.InletC(_outside.At(now));
        var watch = false;
        for (var n = 0; n < _nodes.Length; n++)
        {
            var thermal = _thermal[n];
            thermal.Update(now, thermal.PowerW, inlet);
            var temperature = thermal.TemperatureC;
            NoteTemperature(n, temperature);
            var p = _nodeThermal[n];
            var maxSteps = (int)Math.Ceiling(((1 - _minClock) / p.ClockStep) - 1e-9);
            if (temperature > p.ThrottleAtC && _thermalSteps[n] < maxSteps)
            {
                if (_thermalSteps[n] == 0)
                {
                    _throttleStart[n] = now;
                    _throttleLowest[n] = 1;
                    _throttlePeakC[n] = temperature;
                }

                _thermalSteps[n]++;
                _throttleLowest[n] = Math.Min(_throttleLowest[n], ThermalClock(n));
            }
            else if (temperature < p.ReleaseAtC && _thermalSteps[n] > 0)
            {
                _thermalSteps[n]--;
                if (_thermalSteps[n] == 0)
                {
                    _closedThrottles.Add(new ThrottleInterval(n, _nodes[n].Name, _throttleStart[n], now, _throttleLowest[n], _throttlePeakC[n]));
                    _throttleStart[n] = -1;
                }
            }

            watch |= NeedsWatch(n);
        }

        if (watch)
        {
            EnsureTick();
        }
    }

    private void NoteTemperature(int node, double temperature)
    {
        _maxTemperatureC = Math.Max(_maxTemperatureC, temperature);
        if (_throttleStart[node] >= 0)
        {
            _throttlePeakC[node] = Math.Max(_throttlePeakC[node], temperature);
        }
    }

    private sealed class Ticker(FacilityModel facility) : IEventHandler
    {
        public void OnEvent(int opcode, int arg) => facility.OnTick();
    }

    private sealed class Group(int index, long since)
    {
        public int Index { get; } = index;

        public Piece[] Pieces { get; set; } = [];

        public int[] Nodes { get; set; } = [];

        public int[] Racks { get; set; } = [];

        public int Accelerators { get; set; }

        public AcceleratorActivity Activity { get; set; }

        public double Clock { get; set; } = 1;

        public long Since { get; set; } = since;

        public bool CapLimited { get; set; }

        /// <summary>An activity a cap refused, until the group next sets one.</summary>
        public AcceleratorActivity? Pending { get; set; }

        // Scratch for the cap target search.
        public double Limit { get; set; } = 1;

        public double RackTarget { get; set; } = 1;
    }

    private sealed class Piece(Group group, int node, int count)
    {
        public Group Group { get; } = group;

        public int Node { get; } = node;

        public int Count { get; } = count;

        public double W { get; set; }
    }
}

using ClusterSim.Engine.Core;

namespace ClusterSim.Model.Facility;

/// <summary>
/// Per-node accelerator temperature (an RC model solved exactly between events) and the throttle
/// control that follows it: while any node could throttle, a tick every control period steps a hot
/// node's clock down and a cooled one's back up. No tick is pending while every node is cool, so
/// a finished, idle run does not keep the event queue alive. Records throttling stretches and the
/// hottest temperature seen.
/// </summary>
internal sealed class ThermalController
{
    private readonly Simulation _sim;
    private readonly NodeConfig[] _nodes;
    private readonly ThermalParameters[] _parameters;
    private readonly ICoolingModel _cooling;
    private readonly OutsideTemperature _outside;
    private readonly double _minClock;
    private readonly long _controlPeriodNs;

    private readonly RcThermal[] _thermal;
    private readonly int[] _steps;
    private readonly long[] _throttleStart;
    private readonly double[] _throttleLowest;
    private readonly double[] _throttlePeakC;
    private readonly List<ThrottleInterval> _closedThrottles = [];
    private readonly Ticker _ticker;
    private bool _tickPending;
    private double _maxTemperatureC;

    /// <param name="parameters">Validated thermal path of each node.</param>
    /// <param name="sums">Node power now: each node's temperature model starts from its power per accelerator.</param>
    public ThermalController(
        Simulation simulation, NodeConfig[] nodes, ThermalParameters[] parameters, ICoolingModel cooling, OutsideTemperature outside,
        double minClock, FacilityPowerSums sums)
    {
        _sim = simulation;
        _nodes = nodes;
        _parameters = parameters;
        _cooling = cooling;
        _outside = outside;
        _minClock = minClock;
        var n = nodes.Length;
        var controlPeriod = long.MaxValue;
        foreach (var p in parameters)
        {
            controlPeriod = Math.Min(controlPeriod, p.ControlPeriodNs);
        }

        _controlPeriodNs = controlPeriod;
        _thermal = new RcThermal[n];
        _steps = new int[n];
        _throttleStart = new long[n];
        _throttleLowest = new double[n];
        _throttlePeakC = new double[n];
        var now = simulation.Now;
        var inlet = _cooling.InletC(_outside.At(now));
        _maxTemperatureC = double.NegativeInfinity;
        for (var i = 0; i < n; i++)
        {
            _throttleStart[i] = -1;
            _thermal[i] = new RcThermal(_parameters[i], now, inlet, sums.NodeAccW(i) / _nodes[i].Accelerators);
            _maxTemperatureC = Math.Max(_maxTemperatureC, _thermal[i].TemperatureC);
        }

        _ticker = new Ticker(this);
        var hottestInlet = _cooling.InletC(_outside.MaxC);
        for (var i = 0; i < n && !CanThrottle; i++)
        {
            var power = _nodes[i].Power;
            var mostW = Math.Max(power.TdpW, Math.Max(power.AcceleratorW(AcceleratorActivity.Idle, 1), power.AcceleratorW(AcceleratorActivity.Sleep, 1)));
            CanThrottle = !(hottestInlet + (mostW * _parameters[i].ResistanceKPerW) <= _parameters[i].ThrottleAtC)
                          || _thermal[i].TemperatureC > _parameters[i].ThrottleAtC;
        }
    }

    /// <summary>Starts the control ticks if any node could throttle already.</summary>
    public void WatchAll()
    {
        for (var i = 0; i < _nodes.Length; i++)
        {
            if (NeedsWatch(i))
            {
                EnsureTick();
            }
        }
    }

    /// <summary>The clock factor the node's throttle allows now (1 when not throttled).</summary>
    public double Clock(int node)
        => Math.Max(_minClock, 1 - (_steps[node] * _parameters[node].ClockStep));

    /// <summary>
    /// Whether any node could ever throttle: false when every node's steady temperature with its accelerators at board
    /// power (their most) and the hottest inlet the outside profile brings stays at or under its throttle point. A node
    /// starts at the steady temperature of its starting load and moves toward a steady temperature no higher than
    /// that, so it never crosses the point, no control tick ever runs and every thermal clock stays 1.
    /// </summary>
    public bool CanThrottle { get; }

    /// <summary>The lowest thermal clock over the group's nodes.</summary>
    public double Limit(FacilityGroup g)
    {
        if (!CanThrottle)
        {
            return 1.0; // no node ever throttles (see CanThrottle): every thermal clock stays 1
        }

        var limit = 1.0;
        foreach (var node in g.Nodes)
        {
            limit = Math.Min(limit, Clock(node));
        }

        return limit;
    }

    public double TemperatureC(int node, long now) => _thermal[node].TemperatureAt(now);

    /// <summary>The hottest accelerator temperature from the start to <paramref name="now"/>.</summary>
    public double MaxTemperatureC(long now)
    {
        var max = _maxTemperatureC;
        foreach (var thermal in _thermal)
        {
            max = Math.Max(max, thermal.TemperatureAt(now));
        }

        return max;
    }

    /// <summary>The group's nodes heat or cool at their new power from now on.</summary>
    public void PowerChanged(FacilityGroup g, FacilityPowerSums sums, long now)
    {
        var inlet = _cooling.InletC(_outside.At(now));
        foreach (var node in g.Nodes)
        {
            var thermal = _thermal[node];
            thermal.Update(now, sums.NodeAccW(node) / _nodes[node].Accelerators, inlet);
            NoteTemperature(node, thermal.TemperatureC);
            if (NeedsWatch(node))
            {
                EnsureTick();
            }
        }
    }

    /// <summary>Throttling stretches so far; one still open ends at <paramref name="now"/>.</summary>
    public IReadOnlyList<ThrottleInterval> ThrottleIntervals(long now)
    {
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

    private bool NeedsWatch(int node)
    {
        var thermal = _thermal[node];
        var throttleAt = _parameters[node].ThrottleAtC;
        return _steps[node] > 0 || thermal.SteadyStateC > throttleAt || thermal.TemperatureC > throttleAt;
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
            var p = _parameters[n];
            var maxSteps = (int)Math.Ceiling(((1 - _minClock) / p.ClockStep) - 1e-9);
            if (temperature > p.ThrottleAtC && _steps[n] < maxSteps)
            {
                if (_steps[n] == 0)
                {
                    _throttleStart[n] = now;
                    _throttleLowest[n] = 1;
                    _throttlePeakC[n] = temperature;
                }

                _steps[n]++;
                _throttleLowest[n] = Math.Min(_throttleLowest[n], Clock(n));
            }
            else if (temperature < p.ReleaseAtC && _steps[n] > 0)
            {
                _steps[n]--;
                if (_steps[n] == 0)
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

    private sealed class Ticker(ThermalController thermal) : IEventHandler
    {
        public void OnEvent(int opcode, int arg) => thermal.OnTick();
    }
}

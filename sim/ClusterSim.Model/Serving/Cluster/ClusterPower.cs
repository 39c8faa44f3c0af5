using ClusterSim.Engine.Core;
using ClusterSim.Model.Facility;
using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving;

namespace ClusterSim.Model.Serving.Cluster;

/// <summary>
/// Binds a cluster's replicas, of every workload kind (<see cref="IServingReplica"/>), to a
/// <see cref="FacilityModel"/>: each replica is a facility group on
/// the accelerators it is placed on, booked busy (with its work's compute-bound share) at every
/// iteration start, idle when it runs out of work, asleep when the autoscaler parks it. Work a power
/// cap cannot fit is held back and retried when the facility frees headroom. Without a facility it
/// only relays idleness to the autoscaler.
/// </summary>
/// <remarks>
/// A decode run takes its clock at its start; with a facility whose clocks can change (a power cap,
/// or a node that could get hot enough to throttle) a run is cut at
/// <see cref="DecodeRunLimitNs"/> of simulated time so that thermal and cap clock changes reach
/// replicas within that time. One second matches the thermal controller, which acts once a second;
/// caps hold at every event regardless (each call is checked against the clocks other groups hold,
/// and a group's power is constant between its calls). A decode step of a large model takes
/// 20-100 ms, so a run is 10 to 50 steps for one event. (250 ms, tried first, tripled the events of
/// a day-long run for no change in any result the tests check.)
/// </remarks>
internal sealed class ClusterPower : IReplicaPower, IEventHandler
{
    public const long DecodeRunLimitNs = SimTime.Second;

    private readonly Simulation _sim;
    private readonly FacilitySetup? _setup;
    private readonly IReadOnlyList<IServingReplica> _replicas;
    private readonly FacilityModel? _facility;
    private readonly int[] _group;
    private readonly bool[] _busy;
    private List<IServingReplica> _held = [];
    private List<IServingReplica> _retrying = [];
    private bool _retryPending;
    private int _busyGroups;

    public ClusterPower(Simulation simulation, FacilitySetup? setup, IReadOnlyList<IServingReplica> replicas)
    {
        _replicas = replicas;
        _sim = simulation;
        _setup = setup;
        _group = new int[replicas.Count];
        _busy = new bool[replicas.Count];
        Array.Fill(_group, -1);
        if (setup is not null)
        {
            _facility = new FacilityModel(simulation, setup.Options, setup.Racks, setup.Nodes) { HeadroomFreed = OnHeadroomFreed };
            var seen = new Dictionary<string, int>();
            foreach (var r in replicas)
            {
                var k = seen.GetValueOrDefault(r.PoolName);
                seen[r.PoolName] = k + 1;
                if (setup.Placement.TryGetValue(r.PoolName, out var pieces) && k < pieces.Count)
                {
                    _group[r.Index] = _facility.AddGroup(pieces[k]);
                }
            }
        }

        MaxRunNs = _facility is { ClocksCanChange: true } ? DecodeRunLimitNs : long.MaxValue;
        foreach (var r in replicas)
        {
            r.Power = this;
        }
    }

    public FacilityModel? Facility => _facility;

    /// <summary>Told of every replica that found nothing to run (the autoscalers put a drained one to sleep).</summary>
    public event Action<IServingReplica>? Idle;

    // A facility whose clocks can never change (no cap, no node that could get hot enough to throttle) has nothing
    // to bring a run: it runs to its next event, as without a facility.
    public long MaxRunNs { get; }

    public bool TryBusy(IServingReplica replica, double computeBoundFraction, out double clock)
        => TryActivity(replica, AcceleratorActivity.Busy(computeBoundFraction), out clock);

    public bool TryBusy(IServingReplica replica, double computeUtilization, double memoryUtilization, out double clock)
        => TryActivity(replica, AcceleratorActivity.Busy(computeUtilization, memoryUtilization), out clock);

    public bool TryBusy(IServingReplica replica, double computeUtilization, double memoryUtilization, double acceleratorShare, out double clock)
        => TryActivity(replica, AcceleratorActivity.Busy(computeUtilization, memoryUtilization, acceleratorShare), out clock);

    private bool TryActivity(IServingReplica replica, AcceleratorActivity activity, out double clock)
    {
        var i = replica.Index;
        var g = _group[i];
        if (g < 0)
        {
            clock = 1;
            return true;
        }

        var facility = _facility!;
        if (facility.TrySetActivity(g, activity))
        {
            if (!_busy[i])
            {
                _busy[i] = true;
                _busyGroups++;
            }

            clock = facility.ClockFactor(g);
            return true;
        }

        // Refused: the group must not keep drawing the power of the iteration it just finished. Held
        // first, so that the headroom its own idling frees brings it a retry.
        _held.Add(replica);
        SetIdle(i);
        if (_busyGroups == 0 && !_retryPending)
        {
            throw new InvalidOperationException(
                $"replica {i} ({replica.PoolName}): the power caps cannot fit it even at the lowest clock with every other replica idle");
        }

        clock = 0;
        return false;
    }

    public void OnIdle(IServingReplica replica)
    {
        SetIdle(replica.Index);
        Idle?.Invoke(replica);
    }

    /// <summary>Parks an idle replica's accelerators (lower power: always fits).</summary>
    public void Sleep(IServingReplica replica)
    {
        SetIdle(replica.Index);
        if (_group[replica.Index] is var g and >= 0)
        {
            _facility!.TrySetActivity(g, AcceleratorActivity.Sleep);
        }
    }

    /// <summary>Wakes a parked replica's accelerators to idle; false when a cap cannot fit even that.</summary>
    public bool Wake(IServingReplica replica)
        => _group[replica.Index] is not (var g and >= 0) || _facility!.TrySetActivity(g, AcceleratorActivity.Idle);

    public void OnEvent(int opcode, int arg)
    {
        _retryPending = false;
        (_retrying, _held) = (_held, _retrying);
        foreach (var r in _retrying)
        {
            r.RetryHeld(); // refused again: back on _held
        }

        _retrying.Clear();
    }

    /// <summary>Energy, cost, power series and throttling up to now; null without a facility.</summary>
    /// <param name="classes">The text classes.</param>
    /// <param name="textPools">Each text pool's busy accelerator-seconds per text class.</param>
    /// <param name="kinds">What the classes of the other kinds delivered and used of their pools.</param>
    public FacilityResult? Result(IReadOnlyList<ClassMetrics> classes, IReadOnlyList<KindPoolUsage> textPools, IReadOnlyList<KindCostUsage>? kinds = null)
    {
        if (_facility is null || _setup is null)
        {
            return null;
        }

        kinds ??= [];
        var energy = _facility.Summarize();

        // Classes in one order: text, then each kind's; a pool's busy time per class lands at the class's place.
        var delivered = classes.Select(c => new ClassDelivery(c.Name, new ServiceCounts(OutputTokens: c.OutputTokens))).ToList();
        var busy = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var classCount = classes.Count + kinds.Sum(k => k.Classes.Count);
        void AddBusy(KindPoolUsage pool, int offset)
        {
            if (!busy.TryGetValue(pool.Pool, out var b))
            {
                busy[pool.Pool] = b = new double[classCount];
            }

            for (var c = 0; c < pool.BusySecondsByClass.Count; c++)
            {
                b[offset + c] += pool.BusySecondsByClass[c];
            }
        }

        foreach (var pool in textPools)
        {
            AddBusy(pool, 0);
        }

        foreach (var kind in kinds)
        {
            var offset = delivered.Count;
            delivered.AddRange(kind.Classes.Select((name, c) => new ClassDelivery(name, kind.Delivered[c])));
            foreach (var pool in kind.Pools)
            {
                AddBusy(pool, offset);
            }
        }

        // Each pool's hardware and metered energy, from its replicas' facility groups, in replica order (text first).
        var groupJ = _facility.GroupItJoules();
        var prices = _setup.AcceleratorCostByPool;
        var order = new List<string>();
        var accelerators = new Dictionary<string, int>(StringComparer.Ordinal);
        var nodes = new Dictionary<string, double>(StringComparer.Ordinal);
        var joules = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var r in _replicas)
        {
            if (!accelerators.ContainsKey(r.PoolName))
            {
                order.Add(r.PoolName);
                accelerators[r.PoolName] = 0;
                nodes[r.PoolName] = 0;
                joules[r.PoolName] = 0;
            }

            accelerators[r.PoolName] += r.Accelerators;
            if (_group[r.Index] is var g and >= 0)
            {
                nodes[r.PoolName] += _facility.GroupNodeShare(g);
                joules[r.PoolName] += groupJ[g];
            }
        }

        var pools = order.Select(p => new PoolUsage(p, accelerators[p], prices.GetValueOrDefault(p), nodes[p], joules[p] / 3.6e6,
            busy.TryGetValue(p, out var b) ? b : new double[classCount])).ToList();
        var cost = new CostModel(_setup.Cost with { DesignItKw = _facility.DesignItW / 1e3 })
            .Attribute(energy.DurationS, _facility.EnergyUsd(), energy.ItKwh, delivered, pools);
        var racks = new List<RackPower>();
        for (var r = 0; r < _facility.RackCount; r++)
        {
            racks.Add(new RackPower(_facility.RackName(r), _facility.RackCapW(r), _facility.RackItSeries(r).Buckets()));
        }

        var power = new PowerSeries(_facility.SiteItSeries.Buckets(), _facility.SiteFacilitySeries.Buckets(), racks);
        return new FacilityResult(energy, cost, power, _facility.ThrottleIntervals());
    }

    private void SetIdle(int i)
    {
        if (!_busy[i])
        {
            return;
        }

        _busy[i] = false;
        _busyGroups--;
        _facility!.TrySetActivity(_group[i], AcceleratorActivity.Idle); // lower power: always fits
    }

    private void OnHeadroomFreed()
    {
        // Deferred to an event of its own: the facility is in the middle of another group's call.
        if (!_retryPending && _held.Count > 0)
        {
            _retryPending = true;
            _sim.Schedule(0, this);
        }
    }
}

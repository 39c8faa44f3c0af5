using ClusterSim.Engine.Core;
using ClusterSim.Engine.Monitoring;

namespace ClusterSim.Engine.Resources;

/// <summary>
/// A continuous or counted quantity (tokens, joules, gigabytes) between zero and a capacity.
/// Puts wait while the amount does not fit, gets while it is not there; each side is served in
/// order, so a large waiting get is not starved by small ones behind it.
/// </summary>
public sealed class Container
{
    private readonly Queue<ContainerEvent> _puts = new();
    private readonly Queue<ContainerEvent> _gets = new();
    private ConditionWaiters? _conditions;

    public Container(Simulation simulation, double capacity = double.MaxValue, double initial = 0)
    {
        if (capacity <= 0 || double.IsNaN(capacity))
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "capacity must be positive");
        }

        if (initial < 0 || initial > capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(initial), initial, "initial level must lie in [0, capacity]");
        }

        Simulation = simulation;
        Capacity = capacity;
        Level = initial;
    }

    public Simulation Simulation { get; }

    public double Capacity { get; }

    public double Level { get; private set; }

    public TimeWeightedMonitor? LevelMonitor { get; set; }

    /// <summary>Level / Capacity over time (SimSharp's Fillrate).</summary>
    public TimeWeightedMonitor? FillRateMonitor { get; set; }

    /// <summary>Seconds each get waited for its amount.</summary>
    public SampleMonitor? GetWaitingTimeMonitor { get; set; }

    public int WaitingPuts => _puts.Count;

    public int WaitingGets => _gets.Count;

    /// <summary>Succeeds as soon as the level is at least <paramref name="level"/> (now, if it is).</summary>
    public Event WhenAtLeast(double level)
    {
        CheckLevel(level);
        return Conditions.Add(Simulation, () => Level >= level);
    }

    /// <summary>Succeeds as soon as the level is at most <paramref name="level"/> (now, if it is).</summary>
    public Event WhenAtMost(double level)
    {
        CheckLevel(level);
        return Conditions.Add(Simulation, () => Level <= level);
    }

    public Event WhenFull() => Conditions.Add(Simulation, () => Level >= Capacity);

    public Event WhenEmpty() => Conditions.Add(Simulation, () => Level <= 0);

    /// <summary>Succeeds at the next put or get (asked for or completed).</summary>
    public Event WhenChange() => Conditions.Add(Simulation, null);

    private ConditionWaiters Conditions => _conditions ??= new ConditionWaiters();

    private void CheckLevel(double level)
    {
        if (double.IsNaN(level) || level < 0 || level > Capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, $"a level must lie in [0, capacity = {Capacity}]");
        }
    }

    public ContainerEvent Put(double amount)
    {
        Check(amount);
        var put = new ContainerEvent(Simulation, amount);
        _puts.Enqueue(put);
        Balance();
        return put;
    }

    public ContainerEvent Get(double amount)
    {
        Check(amount);
        var get = new ContainerEvent(Simulation, amount);
        _gets.Enqueue(get);
        Balance();
        return get;
    }

    private void Check(double amount)
    {
        if (amount <= 0 || amount > Capacity || double.IsNaN(amount))
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "amount must lie in (0, capacity]");
        }
    }

    private void Balance()
    {
        bool changed;
        do
        {
            changed = false;
            while (_puts.Count > 0 && Level + _puts.Peek().Amount <= Capacity)
            {
                var put = _puts.Dequeue();
                Level += put.Amount;
                put.Succeed(put.Amount);
                changed = true;
            }

            while (_gets.Count > 0 && _gets.Peek().Amount <= Level)
            {
                var get = _gets.Dequeue();
                Level -= get.Amount;
                GetWaitingTimeMonitor?.Add(SimTime.ToSeconds(Simulation.Now - get.RequestTime));
                get.Succeed(get.Amount);
                changed = true;
            }

            if (changed)
            {
                LevelMonitor?.Update(Level);
                FillRateMonitor?.Update(Level / Capacity);
            }
        }
        while (changed);

        _conditions?.Changed();
    }
}

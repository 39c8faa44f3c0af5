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
                get.Succeed(get.Amount);
                changed = true;
            }

            if (changed)
            {
                LevelMonitor?.Update(Level);
            }
        }
        while (changed);
    }
}

namespace ClusterSim.Engine.Queue;

/// <summary>
/// One pending item of the event set. A plain struct so the heap is one contiguous array with
/// no per-entry allocation. Ordered by <see cref="Time"/>, then <see cref="Order"/>, which packs
/// the priority above a global sequence number: equal time and priority run first-in first-out.
/// </summary>
public struct ScheduledEntry
{
    /// <summary>Absolute simulation time in nanoseconds.</summary>
    public long Time;

    /// <summary>(priority + bias) shifted above a 41-bit insertion sequence (checked, never wrapped); unique per entry.</summary>
    public long Order;

    /// <summary>An <see cref="Core.Event"/> or an <see cref="Core.IEventHandler"/>.</summary>
    public object Target;

    /// <summary>Free argument for handlers on the allocation-free path (an int keeps the entry at 32 bytes: half a cache line).</summary>
    public int Arg;

    /// <summary>Negative values are engine opcodes; zero and above belong to handlers.</summary>
    public int Opcode;

    public ScheduledEntry(long time, long order, object target, int opcode, int arg)
    {
        Time = time;
        Order = order;
        Target = target;
        Opcode = opcode;
        Arg = arg;
    }

    /// <summary>Strict ordering used by every queue implementation.</summary>
    public readonly bool Precedes(in ScheduledEntry other)
        => Time < other.Time || (Time == other.Time && Order < other.Order);
}

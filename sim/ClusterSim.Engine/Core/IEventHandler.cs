namespace ClusterSim.Engine.Core;

/// <summary>
/// The allocation-free scheduling path: a component that fires millions of times implements this
/// once and schedules (handler, opcode, argument) entries; nothing is allocated per event.
/// </summary>
public interface IEventHandler
{
    /// <summary>Called when an entry scheduled with <see cref="Simulation.Schedule"/> comes due.</summary>
    void OnEvent(int opcode, int arg);
}

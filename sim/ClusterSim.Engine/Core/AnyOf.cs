namespace ClusterSim.Engine.Core;

/// <summary>Triggers when the first of the events succeeds.</summary>
public sealed class AnyOf(Simulation simulation, params Event[] events) : Condition(simulation, events)
{
    protected override bool Holds(int processed, int total) => processed >= 1;
}

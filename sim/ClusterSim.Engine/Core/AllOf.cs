namespace ClusterSim.Engine.Core;

/// <summary>Triggers when every one of the events has succeeded.</summary>
public sealed class AllOf(Simulation simulation, params Event[] events) : Condition(simulation, events)
{
    protected override bool Holds(int processed, int total) => processed == total;
}

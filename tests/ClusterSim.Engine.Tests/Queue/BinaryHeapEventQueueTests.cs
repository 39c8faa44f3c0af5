using ClusterSim.Engine.Queue;

namespace ClusterSim.Engine.Tests.Queue;

public sealed class BinaryHeapEventQueueTests : EventQueueContract
{
    protected override IEventQueue Create() => new BinaryHeapEventQueue();
}

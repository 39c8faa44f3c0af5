using ClusterSim.Engine.Queue;

namespace ClusterSim.Engine.Tests.Queue;

public sealed class QuaternaryHeapEventQueueTests : EventQueueContract
{
    protected override IEventQueue Create() => new QuaternaryHeapEventQueue(4);
}

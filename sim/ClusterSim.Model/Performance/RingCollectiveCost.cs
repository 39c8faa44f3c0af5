using ClusterSim.Model.Hardware;

namespace ClusterSim.Model.Performance;

/// <summary>
/// The analytic cost of NCCL-style ring collectives: an all-reduce over p ranks takes 2(p - 1) steps, each with a
/// latency, and sends 2(p - 1)/p of the buffer over every rank's link one way. A group that spans nodes is limited by
/// its slowest hop, the scale-out link. With a measured in-node curve, all-reduces over as many ranks as it was measured on take its times instead.
/// </summary>
internal sealed class RingCollectiveCost : ICollectiveCost
{
    private readonly LinkSpec _intraNode;
    private readonly LinkSpec? _interNode;
    private readonly double _linkEfficiency;
    private readonly double _stepLatencySeconds;
    private readonly BusBandwidthCurve? _inNode;

    public RingCollectiveCost(LinkSpec intraNode, LinkSpec? interNode, double linkEfficiency, double stepLatencySeconds, BusBandwidthCurve? inNode = null)
    {
        _inNode = inNode;
        _intraNode = intraNode;
        _interNode = interNode;
        _linkEfficiency = linkEfficiency;
        _stepLatencySeconds = stepLatencySeconds;
    }

    public bool SupportsAllReduce(int ranks, bool spansNodes) => !spansNodes || _interNode is not null;

    public double AllReduceSeconds(double bytes, int ranks, bool spansNodes)
    {
        if (ranks <= 1)
        {
            return 0;
        }

        // The measured curve stands for its own group size only: at other sizes the latency-bound small messages scale
        // with the number of steps, which one curve cannot tell.
        if (!spansNodes && _inNode is not null && ranks == _inNode.Gpus)
        {
            return _inNode.AllReduceSeconds(bytes, ranks);
        }

        var link = Link(spansNodes);
        var steps = 2.0 * (ranks - 1);
        var stepLatency = _stepLatencySeconds + link.LatencyUs * 1e-6;
        return steps * stepLatency + steps / ranks * bytes / (link.BytesPerSecondEachWay * _linkEfficiency);
    }

    public double SendRecvSeconds(double bytes, bool crossNode)
    {
        var link = Link(crossNode);
        return _stepLatencySeconds + link.LatencyUs * 1e-6 + bytes / (link.BytesPerSecondEachWay * _linkEfficiency);
    }

    private LinkSpec Link(bool crossNode) => crossNode
        ? _interNode ?? throw new InvalidOperationException("no scale-out link: the group cannot span nodes")
        : _intraNode;
}

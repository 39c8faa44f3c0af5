using ClusterSim.Model.Hardware;

namespace ClusterSim.Model.Performance;

/// <summary>
/// The analytic cost of NCCL-style ring collectives: an all-reduce over p ranks takes 2(p - 1) steps, each with a
/// latency, and sends 2(p - 1)/p of the buffer over every rank's link one way. A group that spans nodes is limited by
/// its slowest hop, the scale-out link. With a measured in-node curve, all-reduces over as many ranks as it was measured on take its times instead.
/// On a full-mesh fabric (<see cref="LinkSpec.Peers"/>) a group moves its bytes over the links that join its members only.
/// </summary>
internal sealed class RingCollectiveCost : ICollectiveCost
{
    private readonly LinkSpec _intraNode;
    private readonly LinkSpec? _interNode;
    private readonly double _linkEfficiency;
    private readonly double _stepLatencySeconds;
    private readonly BusBandwidthCurve? _inNode;
    private readonly LinkSpec? _pastMesh;
    private readonly bool _stagesPastMesh;
    private readonly EngineAllReduceCurve? _engine;

    /// <param name="pastMesh">The link a group larger than a mesh's direct links can join crosses instead (the host's
    /// PCIe for NVLink-bridged pairs); null: none, the mesh's links are used as they are.</param>
    /// <param name="stagesPastMesh">Whether a pipeline's next stage sits on cards the mesh does not link to this one's (a
    /// tensor group that fills every directly linked card, as a pair of H100 NVL cards does): its sends cross
    /// <paramref name="pastMesh"/>.</param>
    /// <param name="engine">The serving engine's own small-message all-reduce timed over one group size: in-node
    /// all-reduces of that size up to its largest timed message take its times; null: none.</param>
    public RingCollectiveCost(LinkSpec intraNode, LinkSpec? interNode, double linkEfficiency, double stepLatencySeconds, BusBandwidthCurve? inNode = null,
        LinkSpec? pastMesh = null, bool stagesPastMesh = false, EngineAllReduceCurve? engine = null)
    {
        _engine = engine;
        _inNode = inNode;
        _pastMesh = pastMesh;
        _stagesPastMesh = stagesPastMesh;
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

        // The engine's own all-reduce, where it was timed for this group and message: engines run it below a size limit
        // (vLLM's 8 MiB) and NCCL above, so past the largest timed message the price is NCCL's as before.
        if (!spansNodes && _engine is { } engine && ranks == engine.Gpus && engine.Covers(bytes))
        {
            return engine.Seconds(bytes);
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
        return steps * stepLatency + steps / ranks * bytes / (EachWay(link, ranks, spansNodes) * _linkEfficiency);
    }

    // A point-to-point transfer crosses one link: on a full mesh, one peer's share; past the mesh, the host link.
    public double SendRecvSeconds(double bytes, bool crossNode)
    {
        var link = Link(crossNode);
        var eachWay = !crossNode && _stagesPastMesh && _pastMesh is { } host
            ? Math.Min(host.BytesPerSecondEachWayAmong(2), link.BytesPerSecondEachWayAmong(2))
            : link.BytesPerSecondEachWayAmong(2);
        return _stepLatencySeconds + link.LatencyUs * 1e-6 + bytes / (eachWay * _linkEfficiency);
    }

    // Every rank sends to all the others at once, so on a full mesh the group's ranks - 1 links carry it together; on a
    // switched fabric this is the interface's default (a send/recv of the bytes that leave a rank, a hop's latency a peer).
    public double AllToAllSeconds(double bytesPerRank, int ranks, bool spansNodes)
    {
        if (ranks <= 1)
        {
            return 0;
        }

        // Summed in the default's order, so a switched fabric prices it to the last bit as before.
        var link = Link(spansNodes);
        var latency = _stepLatencySeconds + link.LatencyUs * 1e-6;
        var leaving = (ranks - 1.0) / ranks * bytesPerRank;
        return latency + leaving / (EachWay(link, ranks, spansNodes) * _linkEfficiency) + (ranks - 2) * latency;
    }

    public double AllGatherSeconds(double totalBytes, int ranks, bool spansNodes) => AllToAllSeconds(totalBytes, ranks, spansNodes);

    public double ReduceScatterSeconds(double totalBytes, int ranks, bool spansNodes) => AllToAllSeconds(totalBytes, ranks, spansNodes);

    // A group the mesh's direct links cannot join (more members than a card has peers, as past an NVLink-bridged pair)
    // runs its ring through the host link too, whose rate then bounds it.
    private double EachWay(LinkSpec link, int ranks, bool spansNodes)
        => !spansNodes && link.Peers > 0 && ranks - 1 > link.Peers && _pastMesh is { } host
            ? Math.Min(host.BytesPerSecondEachWayAmong(ranks), link.BytesPerSecondEachWayAmong(ranks))
            : link.BytesPerSecondEachWayAmong(ranks);

    private LinkSpec Link(bool crossNode) => crossNode
        ? _interNode ?? throw new InvalidOperationException("no scale-out link: the group cannot span nodes")
        : _intraNode;
}

using System.Runtime.InteropServices;

namespace ClusterSim.Model.Facility;

/// <summary>
/// Node, rack and site IT power (and its accelerator, host and fan parts), kept current as groups
/// change activity or clock.
/// </summary>
/// <remarks>
/// Every figure is the same floating-point fold in the same order as a full recomputation would
/// give (nodes: unassigned accelerators, then pieces in the order they were added; racks: nodes in
/// index order; site: racks in index order), so results do not depend on which groups changed
/// before. Subtracting a group's old power and adding its new one would be O(1) but drifts in the
/// last digits, and integer watts would round the power models' output; both would change results.
/// What is incremental instead: a change recomputes only the group's nodes, each of its racks' folds
/// restarts at the group's first node in that rack, and the site
/// fold restarts at the group's first rack from the stored partial fold before it (racks before
/// it are unchanged, so that partial sum is bit-for-bit what a full pass would hold there).
/// </remarks>
internal sealed class FacilityPowerSums
{
    private readonly NodeConfig[] _nodes;
    private readonly double _fanScale;

    private readonly int[] _nodeUnassigned;
    private readonly double[] _nodeTdpW;
    private readonly double[] _nodeIdleAccW;
    private readonly List<FacilityPiece>[] _nodePieces;
    private readonly double[] _nodeAccW;
    private readonly double[] _nodeHostW;
    private readonly double[] _nodeFanW;
    private readonly double[] _nodeW;

    private readonly int[][] _rackNodes;
    private readonly double[] _rackW;
    private readonly double[] _rackAccW;
    private readonly double[] _rackHostW;
    private readonly double[] _rackFanW;

    // Partial rack folds: [r][k] is the sum over the rack's nodes 0..k, accumulated left to right, and a
    // node's position in its rack; a change refolds a rack from the group's first node in it, as the site
    // fold restarts from the group's first rack (one rack of 125 nodes made the full fold 6 % of a day's run).
    private readonly double[][] _rackFoldW;
    private readonly double[][] _rackFoldAccW;
    private readonly double[][] _rackFoldHostW;
    private readonly double[][] _rackFoldFanW;
    private readonly int[] _nodePosition;

    // Partial site folds: element r is the sum over racks 0..r, accumulated left to right.
    private readonly double[] _foldW;
    private readonly double[] _foldAccW;
    private readonly double[] _foldHostW;
    private readonly double[] _foldFanW;

    /// <param name="nodes">Validated nodes; each names a rack below <paramref name="rackCount"/>.</param>
    public FacilityPowerSums(NodeConfig[] nodes, int rackCount, double fanScale)
    {
        _nodes = nodes;
        _fanScale = fanScale;
        var n = nodes.Length;
        _nodeUnassigned = new int[n];
        _nodeTdpW = new double[n];
        _nodeIdleAccW = new double[n];
        _nodePieces = new List<FacilityPiece>[n];
        _nodeAccW = new double[n];
        _nodeHostW = new double[n];
        _nodeFanW = new double[n];
        _nodeW = new double[n];
        var rackNodes = new List<int>[rackCount];
        for (var r = 0; r < rackCount; r++)
        {
            rackNodes[r] = [];
        }

        for (var i = 0; i < n; i++)
        {
            var node = nodes[i];
            rackNodes[node.Rack].Add(i);
            _nodeUnassigned[i] = node.Accelerators;
            _nodeTdpW[i] = node.Accelerators * node.Power.TdpW;
            _nodeIdleAccW[i] = node.Power.AcceleratorW(AcceleratorActivity.Idle, 1);
            _nodePieces[i] = [];
            RecomputeNode(i);
        }

        _nodePosition = new int[n];
        _rackFoldW = new double[rackCount][];
        _rackFoldAccW = new double[rackCount][];
        _rackFoldHostW = new double[rackCount][];
        _rackFoldFanW = new double[rackCount][];
        _rackNodes = new int[rackCount][];
        _rackW = new double[rackCount];
        _rackAccW = new double[rackCount];
        _rackHostW = new double[rackCount];
        _rackFanW = new double[rackCount];
        _foldW = new double[rackCount];
        _foldAccW = new double[rackCount];
        _foldHostW = new double[rackCount];
        _foldFanW = new double[rackCount];
        for (var r = 0; r < rackCount; r++)
        {
            _rackNodes[r] = [.. rackNodes[r]];
            var count = _rackNodes[r].Length;
            for (var k = 0; k < count; k++)
            {
                _nodePosition[_rackNodes[r][k]] = k;
            }

            _rackFoldW[r] = new double[count];
            _rackFoldAccW[r] = new double[count];
            _rackFoldHostW[r] = new double[count];
            _rackFoldFanW[r] = new double[count];
            RefoldRack(r, 0);
        }

        RefoldSite(0);
    }

    public int RackCount => _rackW.Length;

    public int NodeCount => _nodeW.Length;

    public double SiteW { get; private set; }

    public double SiteAccW { get; private set; }

    public double SiteHostW { get; private set; }

    public double SiteFanW { get; private set; }

    public double RackW(int rack) => _rackW[rack];

    public double NodeW(int node) => _nodeW[node];

    public double NodeAccW(int node) => _nodeAccW[node];

    public double NodeTdpW(int node) => _nodeTdpW[node];

    public double NodeIdleAccW(int node) => _nodeIdleAccW[node];

    public int Unassigned(int node) => _nodeUnassigned[node];

    public ReadOnlySpan<int> RackNodes(int rack) => _rackNodes[rack];

    /// <summary>The node's pieces in the order they were added (the order its sum folds them in).</summary>
    public ReadOnlySpan<FacilityPiece> Pieces(int node) => CollectionsMarshal.AsSpan(_nodePieces[node]);

    /// <summary>Assigns <paramref name="count"/> idle accelerators of a node to a group; sums are not touched (see <see cref="Refresh"/>).</summary>
    public FacilityPiece AddPiece(FacilityGroup group, int node, int count)
    {
        var piece = new FacilityPiece(group, node, count) { W = count * _nodeIdleAccW[node] };
        piece.BookedW = piece.W;
        _nodePieces[node].Add(piece);
        _nodeUnassigned[node] -= count;
        return piece;
    }

    /// <summary>Sets a group's activity and clock and brings its nodes, racks and the site up to date.</summary>
    public void Apply(FacilityGroup g, AcceleratorActivity activity, double clock)
    {
        g.Activity = activity;
        g.Clock = clock;
        foreach (var piece in g.Pieces)
        {
            piece.W = piece.Count * _nodes[piece.Node].Power.AcceleratorW(activity, clock);
        }

        Refresh(g);
    }

    /// <summary>Recomputes the group's nodes and racks and refolds the site from its first rack.</summary>
    public void Refresh(FacilityGroup g)
    {
        foreach (var node in g.Nodes)
        {
            RecomputeNode(node);
        }

        foreach (var rack in g.Racks)
        {
            var from = int.MaxValue;
            foreach (var node in g.Nodes)
            {
                if (_nodes[node].Rack == rack)
                {
                    from = Math.Min(from, _nodePosition[node]);
                }
            }

            RefoldRack(rack, from == int.MaxValue ? 0 : from);
        }

        RefoldSite(g.Racks[0]);
    }

    private void RecomputeNode(int n)
    {
        var node = _nodes[n];
        var accW = _nodeUnassigned[n] * _nodeIdleAccW[n];
        var allAsleep = _nodeUnassigned[n] == 0;
        foreach (var piece in _nodePieces[n])
        {
            accW += piece.W;
            allAsleep &= piece.Group.Activity.State == AcceleratorState.Sleep;
        }

        if (allAsleep)
        {
            // Every accelerator parked: the node suspends and draws its standby power in all.
            _nodeAccW[n] = 0;
            _nodeHostW[n] = node.Host.SleepW;
            _nodeFanW[n] = 0;
        }
        else
        {
            _nodeAccW[n] = accW;
            _nodeHostW[n] = node.Host.HostW + node.Host.NetworkW;
            _nodeFanW[n] = node.Host.FanW(accW, _nodeTdpW[n], _fanScale);
        }

        _nodeW[n] = _nodeAccW[n] + _nodeHostW[n] + _nodeFanW[n];
    }

    /// <summary>Continues rack <paramref name="r"/>'s left-to-right fold from its node at <paramref name="from"/>, whose predecessors are unchanged.</summary>
    private void RefoldRack(int r, int from)
    {
        var nodes = _rackNodes[r];
        var foldW = _rackFoldW[r];
        var foldAcc = _rackFoldAccW[r];
        var foldHost = _rackFoldHostW[r];
        var foldFan = _rackFoldFanW[r];
        double w = 0, acc = 0, host = 0, fan = 0;
        if (from > 0)
        {
            w = foldW[from - 1];
            acc = foldAcc[from - 1];
            host = foldHost[from - 1];
            fan = foldFan[from - 1];
        }

        for (var k = from; k < nodes.Length; k++)
        {
            var n = nodes[k];
            w += _nodeW[n];
            acc += _nodeAccW[n];
            host += _nodeHostW[n];
            fan += _nodeFanW[n];
            foldW[k] = w;
            foldAcc[k] = acc;
            foldHost[k] = host;
            foldFan[k] = fan;
        }

        _rackW[r] = w;
        _rackAccW[r] = acc;
        _rackHostW[r] = host;
        _rackFanW[r] = fan;
    }

    /// <summary>Continues the left-to-right site fold from rack <paramref name="from"/>, whose predecessors are unchanged.</summary>
    private void RefoldSite(int from)
    {
        double w = 0, acc = 0, host = 0, fan = 0;
        if (from > 0)
        {
            w = _foldW[from - 1];
            acc = _foldAccW[from - 1];
            host = _foldHostW[from - 1];
            fan = _foldFanW[from - 1];
        }

        for (var r = from; r < _rackW.Length; r++)
        {
            w += _rackW[r];
            acc += _rackAccW[r];
            host += _rackHostW[r];
            fan += _rackFanW[r];
            _foldW[r] = w;
            _foldAccW[r] = acc;
            _foldHostW[r] = host;
            _foldFanW[r] = fan;
        }

        SiteW = w;
        SiteAccW = acc;
        SiteHostW = host;
        SiteFanW = fan;
    }
}

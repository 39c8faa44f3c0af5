using System.Runtime.InteropServices;

namespace ClusterSim.Model.Facility;

/// <summary>
/// Node, rack and site IT power (and its accelerator, host and fan parts), kept current as groups
/// change activity or clock.
/// </summary>
/// <remarks>
/// Rack and site sums are kept in fixed point, 2^-30 W (about 1 nW) per unit: a node's change moves
/// its rack and the site by exactly its own change, in O(1), and the sums are exact and independent
/// of the order nodes changed in. A floating-point fold had to be redone from the changed node on to
/// stay bit-for-bit the same (a day's run on one rack of 125 nodes spent 9 % of its time there), and
/// subtracting and adding doubles drifts. Each node's figure is rounded to the unit once, so a sum
/// differs from the exact sum of the node figures by at most half a unit per node (under 60 nW for a
/// rack of 125 nodes), far below anything the power models resolve. A long holds 8.6 GW of such units;
/// a larger site fails with an overflow rather than wrapping.
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

    // Fixed-point figures (see the remarks): each node's as last added to its rack and the site, each rack's and the site's sums.
    private const double UnitsPerWatt = 1L << 30;
    private const double WattsPerUnit = 1.0 / UnitsPerWatt;
    private readonly long[] _nodeUnitsW;
    private readonly long[] _nodeUnitsAcc;
    private readonly long[] _nodeUnitsHost;
    private readonly long[] _nodeUnitsFan;
    private readonly long[] _rackUnitsW;
    private readonly long[] _rackUnitsAcc;
    private readonly long[] _rackUnitsHost;
    private readonly long[] _rackUnitsFan;
    private long _siteUnitsW;
    private long _siteUnitsAcc;
    private long _siteUnitsHost;
    private long _siteUnitsFan;

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
        _nodeUnitsW = new long[n];
        _nodeUnitsAcc = new long[n];
        _nodeUnitsHost = new long[n];
        _nodeUnitsFan = new long[n];
        _rackUnitsW = new long[rackCount];
        _rackUnitsAcc = new long[rackCount];
        _rackUnitsHost = new long[rackCount];
        _rackUnitsFan = new long[rackCount];
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

        _rackNodes = new int[rackCount][];
        for (var r = 0; r < rackCount; r++)
        {
            _rackNodes[r] = [.. rackNodes[r]];
        }
    }

    public int RackCount => _rackUnitsW.Length;

    public int NodeCount => _nodeW.Length;

    public double SiteW => _siteUnitsW * WattsPerUnit;

    public double SiteAccW => _siteUnitsAcc * WattsPerUnit;

    public double SiteHostW => _siteUnitsHost * WattsPerUnit;

    public double SiteFanW => _siteUnitsFan * WattsPerUnit;

    public double RackW(int rack) => _rackUnitsW[rack] * WattsPerUnit;

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

    /// <summary>Recomputes the group's nodes; their racks and the site follow in O(1) per node.</summary>
    public void Refresh(FacilityGroup g)
    {
        foreach (var node in g.Nodes)
        {
            RecomputeNode(node);
        }
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
        var rack = node.Rack;
        Move(ref _nodeUnitsW[n], _nodeW[n], ref _rackUnitsW[rack], ref _siteUnitsW);
        Move(ref _nodeUnitsAcc[n], _nodeAccW[n], ref _rackUnitsAcc[rack], ref _siteUnitsAcc);
        Move(ref _nodeUnitsHost[n], _nodeHostW[n], ref _rackUnitsHost[rack], ref _siteUnitsHost);
        Move(ref _nodeUnitsFan[n], _nodeFanW[n], ref _rackUnitsFan[rack], ref _siteUnitsFan);
    }

    /// <summary>Sets a node's fixed-point figure to <paramref name="watts"/> and moves its rack's and the site's sums by the change.</summary>
    private static void Move(ref long node, double watts, ref long rack, ref long site)
    {
        var units = checked((long)Math.Round(watts * UnitsPerWatt));
        var change = units - node;
        node = units;
        rack = checked(rack + change);
        site = checked(site + change);
    }
}

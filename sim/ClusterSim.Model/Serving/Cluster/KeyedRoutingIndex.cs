using ClusterSim.Model.Serving.Routing;

namespace ClusterSim.Model.Serving.Cluster;

/// <summary>
/// For an <see cref="IKeyedRouter"/>: the least-key replica of each candidate list, kept current as replicas take
/// and finish requests, so routing a request reads a tree's root instead of scanning every candidate.
/// </summary>
/// <remarks>
/// Lists shared by several classes share one tree (grouped by reference, like <see cref="WithRoomSets"/>).
/// Positions are candidate-list positions, so ties go to the first candidate, as the router's own scan does.
/// With <c>roomOnly</c> (central-queue dispatch) a replica without room is out of the race, which gives the
/// choice the router would make over the list of replicas with room, kept in candidate order. The candidate
/// lists change only when the autoscaler changes which replicas serve, and then <see cref="Rebuild"/> runs.
/// </remarks>
internal sealed class KeyedRoutingIndex
{
    private readonly IKeyedRouter _router;
    private readonly bool _roomOnly;
    private readonly List<Replica>[] _lists;  // by group: the candidate list it follows (not copied)
    private readonly MinKeyTree[] _trees;     // by group
    private readonly int[][] _position;       // by group, by replica index: position in the list, or -1
    private readonly int[] _groupOfList;

    public KeyedRoutingIndex(IKeyedRouter router, IReadOnlyList<List<Replica>> lists, int replicaCount, bool roomOnly)
    {
        _router = router;
        _roomOnly = roomOnly;
        var groups = new List<List<Replica>>();
        _groupOfList = new int[lists.Count];
        for (var c = 0; c < lists.Count; c++)
        {
            var g = groups.FindIndex(x => ReferenceEquals(x, lists[c]));
            if (g < 0)
            {
                g = groups.Count;
                groups.Add(lists[c]);
            }

            _groupOfList[c] = g;
        }

        _lists = [.. groups];
        _trees = new MinKeyTree[_lists.Length];
        _position = _lists.Select(_ => new int[replicaCount]).ToArray();
        Rebuild();
    }

    /// <summary>The replica the router would choose from list <paramref name="list"/>, or null when none is in the race.</summary>
    public Replica? Pick(int list)
    {
        var g = _groupOfList[list];
        var tree = _trees[g];
        return tree.Min == long.MaxValue ? null : _lists[g][tree.ArgMin];
    }

    /// <summary>The candidate lists changed (autoscaling): every tree again from its list.</summary>
    public void Rebuild()
    {
        for (var g = 0; g < _lists.Length; g++)
        {
            var list = _lists[g];
            Array.Fill(_position[g], -1);
            _trees[g] = new MinKeyTree(list.Count);
            for (var i = 0; i < list.Count; i++)
            {
                _position[g][list[i].Index] = i;
                _trees[g].Set(i, KeyOf(list[i]));
            }
        }
    }

    /// <summary>A replica took or finished a request: its key moves in every tree holding it.</summary>
    public void OnLoadChanged(Replica replica)
    {
        var key = KeyOf(replica);
        for (var g = 0; g < _trees.Length; g++)
        {
            var p = _position[g][replica.Index];
            if (p >= 0)
            {
                _trees[g].Set(p, key);
            }
        }
    }

    private long KeyOf(Replica r)
    {
        if (_roomOnly && r.Outstanding >= r.Config.MaxSequences)
        {
            return long.MaxValue;
        }

        var key = _router.Key(r);
        return key == long.MaxValue
            ? throw new InvalidOperationException($"router '{_router.Name}' gave replica {r.Index} the key long.MaxValue, which the index keeps for 'out of the race'")
            : key;
    }
}

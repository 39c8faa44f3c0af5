namespace ClusterSim.Model.Serving.Cluster;

/// <summary>
/// Central-queue dispatch: for each class, the candidate replicas with room (fewer requests on them
/// than their <c>MaxSequences</c>), kept up to date as replicas fill and drain instead of found by a
/// scan of every replica on each dispatch and completion.
/// </summary>
/// <remarks>
/// Each set lists its replicas in the order of the class's candidate list, exactly what a scan of
/// that list would give, so routers (round robin, ties to the lowest index) choose as before.
/// Classes sharing one candidate list share one set. A replica's room changes only when its count
/// crosses its limit (found by binary search on candidate position); the candidate lists themselves
/// change only when the autoscaler changes which replicas serve, and then <see cref="Rebuild"/> runs.
/// </remarks>
internal sealed class WithRoomSets
{
    private readonly List<Replica>[] _candidates; // by group: the candidate list the group follows (not copied)
    private readonly List<Replica>[] _room;       // by group: candidates with room, in candidate order
    private readonly int[][] _position;           // by group, by replica index: position in the candidate list, or -1
    private readonly int[] _groupOfClass;

    public WithRoomSets(IReadOnlyList<List<Replica>> candidatesByClass, int replicaCount)
    {
        var groups = new List<List<Replica>>();
        _groupOfClass = new int[candidatesByClass.Count];
        for (var c = 0; c < candidatesByClass.Count; c++)
        {
            var list = candidatesByClass[c];
            var g = groups.FindIndex(x => ReferenceEquals(x, list));
            if (g < 0)
            {
                g = groups.Count;
                groups.Add(list);
            }

            _groupOfClass[c] = g;
        }

        _candidates = [.. groups];
        _room = groups.Select(_ => new List<Replica>()).ToArray();
        _position = groups.Select(_ => new int[replicaCount]).ToArray();
        Rebuild();
    }

    /// <summary>The replicas with room for a request of class <paramref name="classIndex"/>, in candidate order.</summary>
    public List<Replica> For(int classIndex) => _room[_groupOfClass[classIndex]];

    /// <summary>The candidate lists changed (autoscaling): every set again from its list.</summary>
    public void Rebuild()
    {
        for (var g = 0; g < _candidates.Length; g++)
        {
            Array.Fill(_position[g], -1);
            _room[g].Clear();
            var list = _candidates[g];
            for (var i = 0; i < list.Count; i++)
            {
                var r = list[i];
                _position[g][r.Index] = i;
                if (r.Outstanding < r.Config.MaxSequences)
                {
                    _room[g].Add(r);
                }
            }
        }
    }

    /// <summary>A replica's count crossed its limit: it joins or leaves the sets of the lists holding it.</summary>
    public void OnRoomChanged(Replica replica, bool hasRoom)
    {
        for (var g = 0; g < _candidates.Length; g++)
        {
            var position = _position[g][replica.Index];
            if (position < 0)
            {
                continue;
            }

            var room = _room[g];
            var at = Find(room, _position[g], position);
            if (hasRoom)
            {
                if (at >= 0)
                {
                    throw new InvalidOperationException($"replica {replica.Index} gained room it already had");
                }

                room.Insert(~at, replica);
            }
            else
            {
                if (at < 0)
                {
                    throw new InvalidOperationException($"replica {replica.Index} lost room it did not have");
                }

                room.RemoveAt(at);
            }
        }
    }

    /// <summary>Index of the replica at candidate <paramref name="position"/> in <paramref name="room"/>, or the complement of where it goes.</summary>
    private static int Find(List<Replica> room, int[] positions, int position)
    {
        var lo = 0;
        var hi = room.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var p = positions[room[mid].Index];
            if (p == position)
            {
                return mid;
            }

            if (p < position)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }
}

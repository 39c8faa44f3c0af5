namespace ClusterSim.Model.Serving;

/// <summary>
/// Decoding sequences grouped by class and by the time of their last token. After a decode step
/// every member's last token is "now", so the groups collapse to one per class: recording a step's
/// gaps costs O(groups), never O(tokens).
/// </summary>
internal sealed class GapGroups
{
    private readonly List<(long TimeNs, int Count)>[] _byClass;

    public GapGroups(int classes)
    {
        _byClass = new List<(long, int)>[classes];
        for (var i = 0; i < classes; i++)
        {
            _byClass[i] = new List<(long, int)>(4);
        }
    }

    public void Add(int classIndex, long timeNs, int delta)
    {
        var list = _byClass[classIndex];
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].TimeNs == timeNs)
            {
                var count = list[i].Count + delta;
                if (count == 0)
                {
                    list.RemoveAt(i);
                }
                else
                {
                    list[i] = (timeNs, count);
                }

                return;
            }
        }

        if (delta < 0)
        {
            throw new InvalidOperationException("removing a sequence from a gap group it is not in");
        }

        list.Add((timeNs, delta));
    }

    /// <summary>Report each group's gap up to <paramref name="nowNs"/>, then merge them at <paramref name="nowNs"/>.</summary>
    public void StepAll(long nowNs, IServingObserver observer)
    {
        for (var c = 0; c < _byClass.Length; c++)
        {
            var list = _byClass[c];
            if (list.Count == 0)
            {
                continue;
            }

            var total = 0;
            foreach (var (time, count) in list)
            {
                observer.OnGaps(c, nowNs - time, count);
                total += count;
            }

            list.Clear();
            list.Add((nowNs, total));
        }
    }
}

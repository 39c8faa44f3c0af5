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

    /// <summary>
    /// A run of <paramref name="steps"/> decode steps ending at <paramref name="ends"/>[0..steps-1]:
    /// each group's first gap runs to the first end, then every member sees each later step's
    /// duration. O(groups + steps x classes), never per token.
    /// </summary>
    public void StepRun(long[] ends, int steps, IServingObserver observer)
    {
        StepAll(ends[0], observer);
        for (var c = 0; c < _byClass.Length; c++)
        {
            var list = _byClass[c];
            if (list.Count == 0)
            {
                continue;
            }

            var total = list[0].Count;
            observer.OnGapRun(c, ends.AsSpan(0, steps), total);

            list[0] = (ends[steps - 1], total);
        }
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
                observer.OnGaps(c, nowNs, nowNs - time, count);
                total += count;
            }

            list.Clear();
            list.Add((nowNs, total));
        }
    }
}

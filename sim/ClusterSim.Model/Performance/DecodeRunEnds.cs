namespace ClusterSim.Model.Performance;

/// <summary>Turns a decode run's step durations into end times, the one rule every timer shares.</summary>
public static class DecodeRunEnds
{
    /// <summary>
    /// Replaces the durations in <paramref name="durationsNs"/> by end times from <paramref name="startNs"/>
    /// (each step at least 1 ns), stopping before step j (j &gt; 0) once the run has lasted
    /// <paramref name="maxRunNs"/>; returns the steps kept.
    /// </summary>
    public static int Accumulate(Span<long> durationsNs, long startNs, long maxRunNs)
    {
        var end = startNs;
        for (var j = 0; j < durationsNs.Length; j++)
        {
            if (j > 0 && end - startNs >= maxRunNs)
            {
                return j;
            }

            end += Math.Max(1, durationsNs[j]);
            durationsNs[j] = end;
        }

        return durationsNs.Length;
    }
}

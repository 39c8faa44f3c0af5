using ClusterSim.Engine.Core;

namespace ClusterSim.Model.Serving.Kinds;

/// <summary>What every kind's service does with its classes' pools and sources, whatever it does with an arrival.</summary>
internal static class KindArrivals
{
    /// <summary>The replicas a class may run on: those of its pools, or all; a class with none is an error.</summary>
    public static List<TReplica>[] ReplicasByClass<TReplica>(string kind, List<TReplica> replicas,
        IEnumerable<(string Name, IReadOnlyList<string>? Pools)> classes, Func<TReplica, string> poolOf)
        => classes.Select(c =>
        {
            var list = c.Pools is null ? replicas : replicas.Where(r => c.Pools.Contains(poolOf(r))).ToList();
            return list.Count > 0 ? list : throw new ArgumentException($"{kind} class '{c.Name}' has no replica to run on (pools: {string.Join(", ", c.Pools ?? [])})");
        }).ToArray();

    /// <summary>
    /// Opens each class's source in class order and schedules its first arrival (so random streams are drawn
    /// in the same order for every kind); returns how many sources have work, each calling
    /// <paramref name="exhausted"/> when it runs dry.
    /// </summary>
    public static int Start<TSpec>(Simulation simulation, int classCount, Func<int, IKindSource<TSpec>> source,
        Func<TSpec, long> arrivalNs, Action<int, TSpec> onArrival, Action exhausted)
    {
        var active = 0;
        for (var c = 0; c < classCount; c++)
        {
            var classIndex = c;
            var pump = new ArrivalPump<TSpec>(simulation, source(c).TryNext, arrivalNs, x => onArrival(classIndex, x), exhausted);
            if (pump.ScheduleNext())
            {
                active++;
            }
        }

        return active;
    }
}

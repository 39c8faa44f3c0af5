using ClusterSim.Model.Serving.Cluster;

namespace ClusterSim.Analysis.Summaries;

/// <summary>
/// Where a deployment's busy time went: its replicas' <see cref="ReplicaStats.BusyParts"/> summed, in replica-seconds,
/// with each part's share. Null for a deployment whose replicas cannot say (their execution model has no parts).
/// </summary>
public sealed record BusyTime(double ReplicaSeconds, IReadOnlyList<(string Name, double Seconds)> Parts)
{
    /// <summary>How the parts are attributed, in words (summary.json's <c>busy_time.basis</c>).</summary>
    public const string Basis = "each run of iterations split by its middle step's parts as the execution model prices them (clustersim step shows one step's); " +
                                "under a power cap the stretched time is split alike; kv_swap_in: swapped KV blocks coming back over the host link";

    /// <summary>Each part's share of the busy time (0 when nothing was busy).</summary>
    public double Share(double seconds) => ReplicaSeconds > 0 ? seconds / ReplicaSeconds : 0;

    /// <summary>The deployment's replicas' parts, summed; null when none of them has parts.</summary>
    public static BusyTime? Of(ServingResult result, string deployment)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Of(result.Replicas.Where(r => r.Pool == deployment));
    }

    /// <summary>The replicas' parts, summed (those without parts are left out); null when none has parts.</summary>
    public static BusyTime? Of(IEnumerable<ReplicaStats> replicas)
    {
        double[]? sums = null;
        IReadOnlyList<(string Name, double Seconds)>? names = null;
        foreach (var r in replicas)
        {
            if (r.BusyParts is not { } parts)
            {
                continue;
            }

            names ??= parts;
            sums ??= new double[parts.Count];
            for (var i = 0; i < parts.Count; i++)
            {
                sums[i] += parts[i].Seconds;
            }
        }

        return sums is null ? null : new BusyTime(sums.Sum(), [.. names!.Select((p, i) => (p.Name, sums[i]))]);
    }
}

using System.Security.Cryptography;
using System.Text;
using ClusterSim.Analysis.Costs;
using ClusterSim.Analysis.Sweeps;
using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Setup;
using ClusterSim.Model.Workloads.Traces;
using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Fleets;

namespace ClusterSim.Analysis.Fleets;

/// <summary>
/// Fleets: <see cref="Prepare"/> loads every cluster's scenario with its overrides before anything
/// runs, <see cref="Run"/> simulates the clusters of a shard (or all) in parallel, each on its own.
/// Clusters share nothing, so cluster k's figures are the same whichever shard or machine runs it,
/// and the merge adds histograms bucket by bucket: the fleet's files are the same bytes for any N.
/// </summary>
public static class Fleet
{
    private const string FormatVersion = "clustersim-fleet/2";

    /// <summary>Loads the fleet file and every cluster; <see cref="SweepInputException"/> lists every problem, located.</summary>
    public static FleetPlan Prepare(string path)
    {
        var spec = FleetLoader.Load(path);
        var errors = new List<string>();
        var scenarios = new Scenario?[spec.Clusters.Count];
        Parallel.For(0, spec.Clusters.Count, k =>
        {
            var c = spec.Clusters[k];
            try
            {
                var s = ScenarioLoader.Load(c.ScenarioPath, c.Sets);
                _ = ScenarioCompiler.Compile(s);
                scenarios[k] = s;
            }
            catch (ScenarioException ex)
            {
                lock (errors)
                {
                    // An error in an override the fleet file wrote is located there (and said once per site, not per cluster).
                    errors.AddRange(ex.Errors.Select(e => c.Locate(e) is var at && !ReferenceEquals(at, e) ? at.ToString() : $"cluster {c.Name}: {e}"));
                }
            }
            catch (Exception ex) when (ex is NotSupportedException or ArgumentException or InvalidOperationException)
            {
                lock (errors)
                {
                    errors.Add($"cluster {c.Name}: {c.ScenarioPath}: {ex.Message}");
                }
            }
        });

        if (errors.Count > 0)
        {
            // Identical clusters fail identically: each message once, in a stable order.
            throw new SweepInputException(errors.Distinct().Order(StringComparer.Ordinal).Take(50).ToList());
        }

        return new FleetPlan(spec, scenarios.Select(s => s!).ToList(), Fingerprint(spec));
    }

    /// <summary>Runs the clusters of <paramref name="shard"/> (all when null), at most <paramref name="parallelism"/> at once (0: one per core).</summary>
    public static FleetResult Run(FleetPlan plan, ShardSpec? shard = null, int parallelism = 0, IScenarioRunner? runner = null, Action<int, int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        runner ??= IScenarioRunner.Simulation;
        var mine = plan.Spec.Clusters.Where(c => shard is not { } s || s.Includes(c.Index)).ToList();
        var slots = new ClusterOutcome?[mine.Count];
        var failures = new string?[mine.Count];
        var done = 0;
        Parallel.For(0, mine.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism > 0 ? parallelism : Environment.ProcessorCount }, k =>
        {
            var c = mine[k];
            var scenario = plan.Scenarios[c.Index];
            try
            {
                slots[k] = Outcome(c, scenario, runner.Run(scenario, (ulong)scenario.Run.Seed));
            }
            catch (Exception ex) when (ex is ScenarioException or NotSupportedException or ArgumentException or InvalidOperationException or IOException or TraceFormatException)
            {
                failures[k] = $"cluster {c.Name}: {ex.Message}";
            }

            progress?.Invoke(Interlocked.Increment(ref done), mine.Count);
        });

        var errors = failures.Where(f => f is not null).Select(f => f!).ToList();
        if (errors.Count > 0)
        {
            throw new SweepInputException(errors);
        }

        var result = new FleetResult(plan.Name, plan.Fingerprint, plan.ClusterCount, slots.Select(s => s!).ToList(), shard);

        // A whole fleet goes through the shard format once, as every shard does on its way to a
        // merge, so the two give the same bytes by construction.
        return shard is null ? FleetShardJson.Read(FleetShardJson.Write(result), "(in memory)") : result;
    }

    private static ClusterOutcome Outcome(FleetClusterSpec c, Scenario scenario, ServingResult r)
    {
        var o = r.Overall;
        var cost = RunCost.Of(r, scenario);
        var histograms = new Dictionary<string, HistogramSnapshot>
        {
            ["ttft"] = o.Ttft.Snapshot(),
            ["tbt"] = o.Tbt.Snapshot(),
            ["tpot"] = o.Tpot.Snapshot(),
            ["e2e"] = o.E2e.Snapshot(),
            ["queue"] = o.Queue.Snapshot(),
        };
        return new ClusterOutcome(
            c.Index, c.Name, c.Site, (ulong)scenario.Run.Seed, (int)scenario.Hardware.Nodes.Sum(n => n.TotalAccelerators),
            o.Arrived, o.Completed, o.Dropped, o.Measured, o.SloMet, o.WindowCompleted, o.WindowOutputTokens, r.MeasuredSeconds,
            r.Facility?.Energy.ItKwh ?? double.NaN, r.Facility?.Energy.FacilityKwh ?? double.NaN, cost.TotalUsd, cost.UsdPerHour, histograms,
            [.. r.Kinds.SelectMany(k => k.Classes.Select(cl => KindClassOutcome.Of(k.Kind, cl)))]);
    }

    private static string Fingerprint(FleetSpec spec)
    {
        var text = new StringBuilder();
        text.Append(FormatVersion).Append('\n').Append(File.ReadAllText(spec.SourcePath)).Append("\n--\n");
        foreach (var path in spec.Clusters.Select(c => c.ScenarioPath).Distinct().Order(StringComparer.Ordinal))
        {
            text.Append(Path.GetFileName(path)).Append('\n').Append(File.ReadAllText(path)).Append("\n--\n");
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}

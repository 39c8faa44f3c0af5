using ClusterSim.Analysis.Costs;
using ClusterSim.Analysis.Outputs;
using ClusterSim.Analysis.Sweeps;
using ClusterSim.Engine.Core;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving.Kinds;
using ClusterSim.Model.Setup;
using ClusterSim.Model.Workloads.Traces;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Explore;

/// <summary>
/// <c>clustersim explore</c>: runs a scenario over a small grid of varied values (the sweep machinery:
/// the same <c>--set</c> overrides, located errors and parallel runs) and writes one self-contained
/// explore.html where sliders pick a point and charts and an animation of the run's first seconds follow
/// at once, from figures computed here.
/// </summary>
public static class Explorer
{
    /// <summary>The page's figures per point, in order (overall row; seconds, req/s, tok/s, fraction, J/token).</summary>
    public static IReadOnlyList<string> Figures { get; } =
    [
        "ttft_p50_s", "ttft_p90_s", "ttft_p99_s", "tpot_p50_s", "tpot_p99_s", "tbt_p99_s", "e2e_p50_s", "e2e_p99_s",
        "throughput_rps", "output_tokens_per_s", "accelerator_utilization", "joules_per_output_token",
    ];

    /// <summary>
    /// A video, image or avatar class's figures per point, in order: its latency's median and p99 (end to end for a
    /// request, a frame's release to ready for an avatar), its rate served (requests/s; NaN for avatars), the share of its
    /// work that met its own SLO and the share of its arrivals turned away.
    /// </summary>
    public static IReadOnlyList<string> KindFigures { get; } = ["latency_p50_s", "latency_p99_s", "served_rps", "slo_attainment", "refused_share"];

    /// <summary>Most points an explorer grid may have: every point's animation is embedded in the page.</summary>
    public const int MaxPoints = 100;

    /// <summary>
    /// Checks the grid: <paramref name="vary"/> are <c>PATH=V1,V2,...</c> (two or more values each), <paramref name="sets"/>
    /// plain <c>PATH=VALUE</c> overrides. Throws <see cref="SweepInputException"/> with every problem located in the
    /// argument as typed (<c>--vary ARG:1:COL: ...</c>, with "did you mean" for a misspelt path).
    /// </summary>
    public static ExplorePlan Prepare(string scenarioPath, IReadOnlyList<string> vary, IReadOnlyList<string>? sets = null, double windowSeconds = 2)
    {
        ArgumentNullException.ThrowIfNull(vary);
        if (!(windowSeconds is > 0 and <= 60))
        {
            throw new SweepInputException(FormattableString.Invariant($"--window {windowSeconds}: expected simulated seconds above 0 and at most 60"));
        }

        var errors = new List<string>();
        if (vary.Count == 0)
        {
            errors.Add("give at least one --vary PATH=V1,V2,..., for example --vary workloads.chat.arrival.rate=5,10,20");
        }

        foreach (var arg in vary)
        {
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                errors.Add($"--vary {arg}:1:1: expected PATH=V1,V2,..., for example workloads.chat.arrival.rate=5,10,20");
            }
        }

        if (errors.Count > 0)
        {
            throw new SweepInputException(errors);
        }

        var fixedSets = sets ?? [];
        SweepPlan plan;
        try
        {
            plan = Sweep.Prepare(scenarioPath, [.. fixedSets, .. vary], replications: 1);
        }
        catch (SweepInputException ex)
        {
            // The sweep locates errors in '--set ARG'; here the user typed '--vary ARG'.
            throw new SweepInputException([.. ex.Errors.Select(e => Relabel(e, vary))]);
        }

        var single = vary.Where(v => !plan.Parameters.Any(p => p.Path == v[..v.IndexOf('=', StringComparison.Ordinal)].Trim())).ToList();
        if (single.Count > 0)
        {
            throw new SweepInputException([.. single.Select(v => $"--vary {v}:1:{v.IndexOf('=', StringComparison.Ordinal) + 2}: give two or more values separated by commas (one value is a plain --set)")]);
        }

        if (plan.PointCount > MaxPoints)
        {
            throw new SweepInputException(FormattableString.Invariant(
                $"--vary: the grid has {plan.PointCount} points ({string.Join(" x ", plan.Parameters.Select(p => p.Values.Count))}); the explorer embeds every point, so keep it to {MaxPoints} (use 'clustersim sweep' for larger grids)"));
        }

        return new ExplorePlan(plan, windowSeconds);
    }

    /// <summary>Runs every point (at most <paramref name="parallelism"/> at a time; 0: one per core). Same plan, same result, on any core count.</summary>
    /// <param name="progress">Called after each run with (runs done, runs in all), from worker threads.</param>
    public static ExploreResult Run(ExplorePlan plan, int parallelism = 0, Action<int, int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var points = plan.Sweep.Points;
        var slots = new ExplorePoint?[points.Count];
        var failures = new string?[points.Count];
        var done = 0;
        var windowNs = (long)Math.Round(plan.WindowSeconds * SimTime.Second);
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism > 0 ? parallelism : Environment.ProcessorCount };
        Parallel.For(0, points.Count, options, i =>
        {
            var point = points[i];
            try
            {
                var recorder = new FrameRecorder(windowNs);
                var result = ClusterRun.Execute(ScenarioCompiler.Compile(point.Scenario, point.Info.BaseSeed), null, recorder);
                var rows = SweepMetrics.Extract(result, point.Info.ArrivalWindowSeconds, RunCost.Of(result, point.Scenario));
                var overall = rows[^1];
                var figures = Figures.Select(name => name == "joules_per_output_token"
                        ? result.Facility is { } f && result.Overall.OutputTokens > 0 ? f.Energy.ItKwh * 3.6e6 / result.Overall.OutputTokens : double.NaN
                        : overall[SweepMetrics.IndexOf(name)])
                    .ToArray();
                var replicas = result.Replicas.Select(r => $"{r.Pool} #{r.Index} ({r.Role})").ToArray();
                var kinds = result.Kinds.SelectMany(k => k.Classes.Select(c => (k.Kind, Class: c))).ToList();
                slots[i] = new ExplorePoint(point.Info.Values, figures, recorder.Finish(), replicas)
                {
                    HasText = result.Classes.Count > 0,
                    KindClasses = [.. kinds.Select(k => new ExploreKindClass(k.Class.Name, k.Kind, k.Class.TimeInSystem is null ? "frame latency" : "end to end"))],
                    KindValues = [.. kinds.SelectMany(k => KindRow(k.Class))],
                };
            }
            catch (Exception ex) when (ex is ScenarioException or NotSupportedException or ArgumentException or InvalidOperationException or IOException or TraceFormatException)
            {
                failures[i] = $"point {point.Info.Index} ({Sweep.Describe(plan.Parameters, point.Info.Values)}): {ex.Message}";
            }

            progress?.Invoke(Interlocked.Increment(ref done), points.Count);
        });

        var errors = failures.Where(f => f is not null).Select(f => f!).ToList();
        if (errors.Count > 0)
        {
            throw new SweepInputException(errors);
        }

        return new ExploreResult(plan, [.. slots.Select(s => s!)]);
    }

    /// <summary><see cref="KindFigures"/> of one class: a request's time in system, else an avatar's frame latency.</summary>
    private static double[] KindRow(KindClassResult c)
    {
        var latency = c.TimeInSystem ?? (c.Histograms.TryGetValue("frame_latency_s", out var frames) ? KindMetric.Measured(frames) : null);
        return
        [
            latency?.P50 ?? double.NaN, latency?.P99 ?? double.NaN, c.ServedPerSecond,
            c.Completed == 0 ? double.NaN : c.SloAttainment, c.Arrived == 0 ? double.NaN : (double)c.Refused / c.Arrived,
        ];
    }

    /// <summary>
    /// Writes explore.html into <paramref name="directory"/> (created if needed) under the folder's lock,
    /// through a temporary name and a rename; nothing else in the folder is touched. Returns its path.
    /// </summary>
    public static string Write(ExploreResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        using var folderLock = OutputFolderLock.Take(directory);
        var path = Path.Combine(directory, "explore.html");
        if (Directory.Exists(path))
        {
            throw new IOException($"{path}: a folder is in the way of explore.html; move it away");
        }

        SweepFiles.WriteAtomically([(path, new System.Text.UTF8Encoding(false).GetBytes(result.Html()))]);
        return path;
    }

    private static string Relabel(string error, IReadOnlyList<string> vary)
    {
        const string Set = "--set ";
        foreach (var arg in vary)
        {
            if (error.StartsWith(Set + arg + ":", StringComparison.Ordinal))
            {
                return "--vary " + error[Set.Length..];
            }
        }

        return error;
    }
}

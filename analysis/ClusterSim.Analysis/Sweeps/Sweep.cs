using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ClusterSim.Analysis.Costs;
using ClusterSim.Analysis.Statistics;
using ClusterSim.Model.Setup;
using ClusterSim.Model.Workloads.Traces;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Sweeps;

/// <summary>
/// Parameter sweeps with replications: <see cref="Prepare"/> checks every point of the grid before
/// anything runs (so a typo fails in a second, not after an hour), <see cref="Run"/> simulates the
/// points and replications in parallel. Each run owns its simulation and writes only its own slot,
/// so results do not depend on thread scheduling: the same sweep gives the same bytes on 1 or 64 cores.
/// </summary>
public static class Sweep
{
    private const string FormatVersion = "clustersim-sweep/3";

    /// <summary>
    /// Loads and compiles the scenario at every point of the grid the <c>--set</c> arguments describe.
    /// Throws <see cref="SweepInputException"/> with every distinct problem (located in its file or
    /// <c>--set</c> argument) when any point is bad.
    /// </summary>
    /// <param name="scenarioPath">The scenario file, or null for the embedded default.</param>
    /// <param name="sets"><c>PATH=V1,V2,...</c> arguments.</param>
    /// <param name="replications">Runs per point (seeds seed, seed+1, ...); null takes the scenario's run.replications.</param>
    /// <param name="confidence">Confidence level of the intervals.</param>
    public static SweepPlan Prepare(string? scenarioPath, IReadOnlyList<string>? sets, int? replications = null, double confidence = 0.95)
    {
        if (!(confidence is > 0 and < 1))
        {
            throw new SweepInputException(string.Create(CultureInfo.InvariantCulture, $"--confidence {confidence}: expected a level strictly between 0 and 1, e.g. 0.95"));
        }

        if (replications is < 1)
        {
            throw new SweepInputException(string.Create(CultureInfo.InvariantCulture, $"--replications {replications}: expected at least 1"));
        }

        var grid = SweepGrid.Parse(sets);
        var overlap = grid.Parameters.Select(p => p.Path).Intersect(grid.Fixed.Select(f => f[..f.IndexOf('=', StringComparison.Ordinal)])).ToList();
        if (overlap.Count > 0)
        {
            throw new SweepInputException($"--set {overlap[0]} is given both as a swept list and as a single value");
        }

        var errors = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var points = new List<PointSetup>(grid.Count);
        for (var i = 0; i < grid.Count; i++)
        {
            var setup = PreparePoint(scenarioPath, grid, i, out var problems);
            foreach (var problem in problems.Where(seen.Add))
            {
                errors.Add(problem);
            }

            if (setup is not null)
            {
                points.Add(setup);
            }

            if (errors.Count >= 50)
            {
                errors.Add("(further errors left out)");
                break;
            }
        }

        if (errors.Count > 0)
        {
            throw new SweepInputException(errors);
        }

        var first = points[0].Scenario;
        var reps = replications ?? Math.Max(1, first.Run.Replications);
        var header = new SweepHeader(
            first.Name,
            Fingerprint(scenarioPath, grid, reps, confidence),
            grid.Fixed,
            grid.Parameters,
            reps,
            confidence,
            grid.Count,
            RunCost.Description,
            SweepMetrics.Names);
        return new SweepPlan(header, points);
    }

    /// <summary>
    /// Runs every point of the plan (or of one shard) with its replications, at most
    /// <paramref name="parallelism"/> at a time (0: one per core).
    /// </summary>
    /// <param name="progress">Called after each run with (runs done, runs in all), from worker threads.</param>
    public static SweepResult Run(SweepPlan plan, ShardSpec? shard = null, int parallelism = 0, IScenarioRunner? runner = null, Action<int, int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        runner ??= IScenarioRunner.Simulation;
        var points = plan.Points.Where(p => shard is not { } s || s.Includes(p.Info.Index)).ToList();
        var reps = plan.Replications;
        var total = points.Count * reps;
        var slots = new ReplicationResult?[total];
        var failures = new string?[total];
        var done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism > 0 ? parallelism : Environment.ProcessorCount };
        Parallel.For(0, total, options, k =>
        {
            var point = points[k / reps];
            var seed = Replications.Seed(point.Info.BaseSeed, k % reps);
            try
            {
                var result = runner.Run(point.Scenario, seed);
                slots[k] = new ReplicationResult(seed, SweepMetrics.Extract(result, point.Info.ArrivalWindowSeconds, RunCost.Of(result, point.Scenario), [.. point.Info.Classes.Select(c => c.Name)]));
            }
            catch (Exception ex) when (ex is ScenarioException or NotSupportedException or ArgumentException or InvalidOperationException or IOException or TraceFormatException)
            {
                failures[k] = $"point {point.Info.Index} ({Describe(plan.Parameters, point.Info.Values)}), seed {seed}: {ex.Message}";
            }

            progress?.Invoke(Interlocked.Increment(ref done), total);
        });

        var errors = failures.Where(f => f is not null).Select(f => f!).Distinct().ToList();
        if (errors.Count > 0)
        {
            throw new SweepInputException(errors);
        }

        var results = points.Select((p, i) => new PointResult(p.Info, slots.Skip(i * reps).Take(reps).Select(r => r!).ToArray())).ToList();
        var swept = new SweepResult(plan.Header, results, shard);

        // A whole sweep goes through the shard format once, exactly as each shard does on its way to
        // a merge, so a merged sweep and a single-machine one are the same bytes by construction.
        return shard is null ? SweepResultJson.Read(SweepResultJson.Write(swept), "(in memory)") : swept;
    }

    /// <summary><c>path=value, path=value</c> for messages.</summary>
    internal static string Describe(IReadOnlyList<SweepParameter> parameters, IReadOnlyList<string> values)
        => parameters.Count == 0 ? "no swept parameter" : string.Join(", ", parameters.Select((p, i) => $"{p.Path}={values[i]}"));

    private static PointSetup? PreparePoint(string? scenarioPath, SweepGrid grid, int index, out List<string> problems)
    {
        problems = [];
        Scenario scenario;
        try
        {
            var sets = grid.Overrides(index);
            scenario = scenarioPath is null ? ScenarioLoader.LoadDefault(sets) : ScenarioLoader.Load(scenarioPath, sets);
        }
        catch (ScenarioException ex)
        {
            problems.AddRange(ex.Errors.Select(e => Locate(grid, e).ToString()));
            return null;
        }

        try
        {
            // Compiling checks what the loader cannot (policies and predictors that exist); cheap,
            // and the runs compile again with their own seeds.
            _ = ScenarioCompiler.Compile(scenario);
        }
        catch (ScenarioException ex)
        {
            // Located at the key it is about, which may be in the file rather than a --set: say which point too.
            problems.AddRange(ex.Errors.Select(e => Locate(grid, e with { Message = $"point {index} ({Describe(grid.Parameters, grid.Values(index))}): {e.Message}" }).ToString()));
            return null;
        }

        // Text classes first, as before; then the other kinds' (their end to end is arrival to completion, their target the deadline).
        var classes = scenario.Workloads.OfType<TextWorkloadSpec>()
            .Select(w => new ClassInfo(w.Name, w.Slo.TtftSeconds, w.Slo.TpotSeconds ?? w.Slo.TbtSeconds, w.Slo.E2eSeconds, w.Slo.Percentile))
            .Concat(scenario.Workloads.Where(w => w is not TextWorkloadSpec)
                .Select(w => new ClassInfo(w.Name, null, null, w.Slo.DeadlineSeconds, w.Slo.Percentile, w.Kind)))
            .ToList();
        var window = scenario.Run.DurationSeconds is { } duration ? scenario.Run.WarmupSeconds + duration : (double?)null;
        var info = new PointInfo(
            index,
            grid.Values(index),
            (ulong)scenario.Run.Seed,
            window,
            scenario.Hardware.Nodes.Sum(n => n.TotalAccelerators),
            scenario.Deployments.Sum(d => d.TotalAccelerators),
            RunCost.Basis(scenario),
            classes);
        return new PointSetup(info, scenario);
    }

    /// <summary>An error in a generated one-value override, moved to the <c>--set</c> argument the user wrote.</summary>
    private static ScenarioError Locate(SweepGrid grid, ScenarioError error)
    {
        const string Prefix = "--set ";
        if (!error.File.StartsWith(Prefix, StringComparison.Ordinal) || !grid.Origins.TryGetValue(error.File[Prefix.Length..], out var origin))
        {
            return error;
        }

        return error with { File = Prefix + origin.Arg, Column = error.Line > 0 ? origin.Column(error.Column) : error.Column };
    }

    private static string Fingerprint(string? scenarioPath, SweepGrid grid, int replications, double confidence)
    {
        var text = new StringBuilder();
        text.Append(FormatVersion).Append('\n');
        text.Append(scenarioPath is null ? ScenarioLoader.DefaultYaml : File.ReadAllText(scenarioPath)).Append("\n--\n");
        foreach (var f in grid.Fixed)
        {
            text.Append("set ").Append(f).Append('\n');
        }

        foreach (var p in grid.Parameters)
        {
            text.Append("sweep ").Append(p.Path).Append('=').Append(string.Join('\u001f', p.Values)).Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture, $"replications {replications}\nconfidence {confidence:R}\nmetrics {string.Join(',', SweepMetrics.Names)}\n");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}

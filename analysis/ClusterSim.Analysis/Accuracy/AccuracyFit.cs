using System.Collections.Concurrent;
using System.Globalization;
using ClusterSim.Model.Performance;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Yaml;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace ClusterSim.Analysis.Accuracy;

/// <summary>
/// Fits roofline overrides (<c>execution_model: {compute_efficiency, iteration_overhead, ...}</c>) to the measured figures
/// of role fit, the way a planner calibrates on their own benchmark: least squares on ln(simulated / measured) over every
/// such figure a run gives (a capacity, which needs a search, is left out), with the Nelder-Mead simplex of
/// MathNet.Numerics over maps that keep each factor in range (a fraction as a logistic, a time as a square). Each point
/// runs every fit case at its seed, so the objective is deterministic. The figures of role check are not looked at: run
/// them with the fitted overrides (<see cref="FitResult.Sets"/>) and they say how the fit generalises.
/// </summary>
public static class AccuracyFit
{
    private const double Penalty = 6.9; // ln(1000): a figure a run has no data for counts as a thousandfold miss

    /// <summary>Each override a fit may set: its key, whether it is a time, and the unit of its map's square (seconds).</summary>
    private static readonly (string Name, bool Seconds, double Unit, Func<EfficiencyParams, double> Get)[] Known =
    [
        ("compute_efficiency", false, 0, p => p.ComputeEfficiency),
        ("attention_efficiency", false, 0, p => p.AttentionEfficiency > 0 ? p.AttentionEfficiency : p.ComputeEfficiency),
        ("memory_efficiency", false, 0, p => p.MemoryEfficiency),
        ("link_efficiency", false, 0, p => p.LinkEfficiency),
        ("host_overlap", false, 0, p => p.HostOverlap),
        ("iteration_overhead", true, 1e-3, p => p.IterationOverheadSeconds),
        ("prefill_overhead", true, 1e-3, p => p.PrefillOverheadSeconds),
        ("sequence_overhead", true, 1e-5, p => p.SequenceOverheadSeconds),
        ("gemm_launch", true, 1e-6, p => p.GemmLaunchSeconds),
        ("attention_launch", true, 1e-6, p => p.AttentionLaunchSeconds),
        ("collective_step_latency", true, 1e-6, p => p.CollectiveStepLatencySeconds),
    ];

    /// <summary>The overrides a fit may set, as <c>execution_model</c> names them.</summary>
    public static IReadOnlyList<string> Parameters { get; } = [.. Known.Select(k => k.Name)];

    /// <summary>
    /// Fits <paramref name="parameters"/> to the figures of role fit among <paramref name="cases"/> (their own overrides
    /// kept, the fitted ones added last), each run at <paramref name="seed"/> (null: the scenario's own), as the report's runs
    /// will be. Throws <see cref="ArgumentException"/> for an unknown parameter or when no case has a figure of role fit a
    /// run can give.
    /// </summary>
    public static FitResult Fit(IReadOnlyList<AccuracyCase> cases, IReadOnlyList<string> parameters, ulong? seed = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(parameters);
        var chosen = parameters.Distinct().Select(name => Known.FirstOrDefault(k => k.Name == name) is { Name: not null } k
            ? k
            : throw new ArgumentException($"--fit {name}: not an override a fit can set; expected one of {string.Join(", ", Parameters)}{Suggest.Hint(name, Parameters)}")).ToArray();
        if (chosen.Length == 0)
        {
            throw new ArgumentException("--fit: name at least one override to fit");
        }

        var fits = cases.Where(c => c.Scenario.Measured?.Role == MeasuredRole.Fit)
            .Select(c => c with { Scenario = c.Scenario with { Measured = c.Scenario.Measured! with { Figures = [.. c.Scenario.Measured!.Figures.Where(f => f.Name != MeasuredFigures.Capacity)] } } })
            .Where(c => c.Scenario.Measured!.Figures.Count > 0).ToList();
        var figures = fits.Sum(c => c.Scenario.Measured!.Figures.Count);
        if (figures == 0)
        {
            throw new ArgumentException("--fit: no measured figure has role fit (role: fit on the section or a row), so there is nothing to fit to; a capacity is not fitted");
        }

        var (start, startedFrom) = StartOf(fits[0], chosen);
        var seen = new ConcurrentDictionary<string, double>(StringComparer.Ordinal);
        double Loss(double[] values)
        {
            cancellation.ThrowIfCancellationRequested();
            var sets = chosen.Select((k, i) => Set(k.Name, values[i])).ToList();
            return seen.GetOrAdd(string.Join("|", sets), _ =>
            {
                var sum = 0.0;
                foreach (var item in fits)
                {
                    var run = AccuracyCheck.Run(Reloaded(item, sets), new AccuracyOptions { Capacity = false, Seed = seed }, cancellation);
                    sum += run.Figures.Sum(f => f.Simulated > 0 && double.IsFinite(f.Simulated) ? Math.Pow(Math.Log(f.Simulated / f.Measured), 2) : Penalty * Penalty);
                }

                return sum / figures;
            });
        }

        var x0 = Vector<double>.Build.DenseOfEnumerable(chosen.Select((k, i) => ToSearch(k.Seconds, k.Unit, start[i])));
        var best = (Point: x0, Loss: Loss(FromSearch(chosen, x0)));
        var objective = ObjectiveFunction.Value(x =>
        {
            var loss = Loss(FromSearch(chosen, x));
            if (loss < best.Loss)
            {
                best = (x, loss);
            }

            return loss;
        });

        // Two rounds: a simplex can stall on a ridge, and a restart from its best point resets its shape. A round that
        // reaches its iteration limit keeps the best point it saw.
        var solver = new NelderMeadSimplex(1e-7, 150);
        for (var round = 0; round < 2; round++)
        {
            try
            {
                solver.FindMinimum(objective, best.Point, Vector<double>.Build.Dense(chosen.Length, 0.5));
            }
            catch (MaximumIterationsException)
            {
            }
        }

        var fitted = FromSearch(chosen, best.Point);
        var result = chosen.Select((k, i) => new FitParameter(k.Name, k.Seconds, start[i], Snap(fitted[i]))).ToList();
        return new FitResult(result, figures, seen.Count, Math.Sqrt(Loss(start)), Math.Sqrt(Loss([.. result.Select(p => p.Value)])), startedFrom);
    }

    /// <summary>The case loaded again with <paramref name="sets"/> after its own overrides, its measured figures kept.</summary>
    public static AccuracyCase Reloaded(AccuracyCase item, IReadOnlyList<string> sets)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(sets);
        IReadOnlyList<string> all = [.. item.Sets, .. sets];
        var loaded = item.Scenario.SourcePath is { } path ? ScenarioLoader.Load(path, all) : ScenarioLoader.LoadDefault(all);
        return item with { Scenario = loaded with { Measured = item.Scenario.Measured }, Sets = all };
    }

    /// <summary>What the first fit case's first roofline deployment runs with, the fit's start, and whose entry that is (said, never silent).</summary>
    private static (double[] Values, string From) StartOf(AccuracyCase item, (string Name, bool Seconds, double Unit, Func<EfficiencyParams, double> Get)[] chosen)
    {
        var compiled = ScenarioCompiler.Compile(item.Scenario);
        var (pool, priced) = compiled.Setup.Pools.Select(p => (p.Name, Model: (p.Timer as ExecutionModelTimer)?.Model as IEfficiencyPriced)).FirstOrDefault(p => p.Model is not null);
        if (priced is null)
        {
            throw new ArgumentException($"--fit: scenario '{item.Scenario.Name}' has no deployment priced by the roofline (execution_model: roofline), whose overrides a fit sets");
        }

        // The entry may be another part's, moved by a stated derivation (the run's notes give it); say whose it is.
        var e = priced.Efficiency;
        var s = item.Scenario;
        var part = s.Deployments.FirstOrDefault(d => d.Name == pool) is { } d ? s.Hardware.Nodes.First(n => n.Name == d.Nodes).Accelerator : e.Accelerator;
        var from = $"entry {e.Accelerator}/{e.Stack}{(part != e.Accelerator ? $" derived for {part}" : "")}, as deployment '{pool}' of {s.Name}{(item.Row is { } row ? $" [{row}]" : "")} runs it";
        return ([.. chosen.Select(k => k.Get(e))], from);
    }

    private static string Set(string name, double value) => $"execution_model.{name}={value.ToString("R", CultureInfo.InvariantCulture)}";

    // A fraction as a logistic of its search coordinate (kept inside (0, 1), started at most a thousandth from either end);
    // a time as its unit times the coordinate's square (0 reachable, about one unit a step near the start).
    private static double ToSearch(bool seconds, double unit, double value)
        => seconds ? Math.Sqrt(Math.Max(value, 0) / unit) : Math.Log(Math.Clamp(value, 1e-3, 1 - 1e-3) / (1 - Math.Clamp(value, 1e-3, 1 - 1e-3)));

    private static double[] FromSearch((string Name, bool Seconds, double Unit, Func<EfficiencyParams, double> Get)[] chosen, Vector<double> x)
        => [.. chosen.Select((k, i) => k.Seconds ? k.Unit * x[i] * x[i] : 1 / (1 + Math.Exp(-x[i])))];

    /// <summary>Four significant figures: what a fit of a few figures can say, and what a scenario would write.</summary>
    private static double Snap(double value) => value == 0 ? 0 : double.Parse(value.ToString("G4", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}

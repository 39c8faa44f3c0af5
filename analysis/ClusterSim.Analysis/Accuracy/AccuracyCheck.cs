using System.Globalization;
using ClusterSim.Analysis.Planning;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Accuracy;

/// <summary>
/// Runs a scenario that carries what its real system measured (<c>measured:</c>) and sets each figure beside the
/// simulated one: the run's figures from one run at the scenario's seed, a capacity from the same search
/// <c>clustersim capacity</c> makes, at the workload's own SLO (each target at its percentile, p99 TTFT &lt;= 2 s and p99
/// TPOT &lt;= 200 ms for MLPerf's server rules). Observing never changes what is simulated: the run is the one
/// <c>clustersim run</c> makes.
/// </summary>
public static class AccuracyCheck
{
    /// <summary>
    /// What stops <paramref name="scenario"/>'s measured figures from being checked, found before anything runs: a capacity
    /// figure whose workload has no SLO, or one at a percentile the search has no objective for (it has p50, p90, p99 and
    /// p99.9).
    /// </summary>
    public static IReadOnlyList<ScenarioError> Problems(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (scenario.Measured is not { } measured || measured.Figures.All(f => f.Name != MeasuredFigures.Capacity))
        {
            return [];
        }

        var workload = scenario.Workloads.First(w => w.Name == measured.Workload);
        var slo = workload.Slo;
        return Objectives(workload) switch
        {
            null => [scenario.ErrorAt($"workloads.{measured.Workload}.slo.percentile",
                string.Create(CultureInfo.InvariantCulture, $"a measured capacity_rps is searched at this SLO, and the capacity search has no objective at percentile {slo.Percentile:G6}; expected 50, 90, 99 or 99.9"))],
            [] => [scenario.ErrorAt($"workloads.{measured.Workload}",
                $"a measured capacity_rps is the highest rate that meets the workload's SLO, and workload '{measured.Workload}' has none: give it one ({(workload.Kind == "text" ? "slo: {ttft: 2s, tpot: 200ms, percentile: 99}" : "slo: {deadline: 20s, percentile: 99}")})")],
            _ => [],
        };
    }

    /// <summary>
    /// The cases of a scenario with a measured section: the scenario as written when the section gives figures for it, then
    /// each measured row, loaded again with <paramref name="sets"/> and the row's own overrides. Every row is loaded and
    /// checked before the list is returned; their errors come together, each naming its row.
    /// </summary>
    public static IReadOnlyList<AccuracyCase> Cases(Scenario scenario, IReadOnlyList<string>? sets = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        sets ??= [];
        var measured = scenario.Measured ?? throw new ArgumentException($"scenario '{scenario.Name}' has no measured section", nameof(scenario));
        var configuration = scenario.SourcePath ?? scenario.Name;
        var cases = new List<AccuracyCase>();
        var errors = new List<ScenarioError>(Problems(scenario));
        if (measured.Figures.Count > 0)
        {
            cases.Add(new AccuracyCase(scenario with { Measured = measured with { Rows = [] } }, configuration, null, sets));
        }

        foreach (var (row, index) in measured.Rows.Select((r, i) => (r, i)))
        {
            // An error in a row's own override is reported where the row is written; one the override causes elsewhere, where it shows.
            ScenarioError AtRow(ScenarioError e) => e.File.StartsWith("--set", StringComparison.Ordinal)
                ? scenario.ErrorAt($"measured.rows[{index}].set", $"measured row '{row.Name}': {e.File[2..]}, column {e.Column}: {e.Message}")
                : e with { Message = $"measured row '{row.Name}': {e.Message}" };

            IReadOnlyList<string> rowSets = [.. sets, .. row.Sets];
            try
            {
                var loaded = scenario.SourcePath is null ? ScenarioLoader.LoadDefault(rowSets) : ScenarioLoader.Load(scenario.SourcePath, rowSets);
                var spec = new MeasuredSpec(measured.Source, row.Role, measured.Workload, row.Figures);
                var rowScenario = loaded with { Measured = spec };
                var problems = Problems(rowScenario);
                if (problems.Count == 0)
                {
                    _ = ScenarioCompiler.Compile(rowScenario);
                    cases.Add(new AccuracyCase(rowScenario, configuration, row.Name, rowSets));
                }

                errors.AddRange(problems.Select(AtRow));
            }
            catch (ScenarioException ex)
            {
                errors.AddRange(ex.Errors.Select(AtRow));
            }
        }

        return errors.Count > 0 ? throw new ScenarioException(errors) : cases;
    }

    /// <summary>
    /// The capacity search's objectives for a workload's SLO: each target it sets, at its percentile (a text workload's
    /// <c>ttft_p99=2</c>, <c>tpot_p99=0.2</c>; another kind's deadline on its own latency family, an image's
    /// <c>latency_p99=20</c>); null when the percentile has no objective.
    /// </summary>
    public static IReadOnlyList<SloConstraint>? Objectives(WorkloadSpec workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var slo = workload.Slo;
        return workload.Kind == "text"
            ? Objectives(slo)
            : Objectives(slo, MeasuredFigures.DeadlineFamily(workload.Kind) is { } family ? [(family, slo.DeadlineSeconds)] : []);
    }

    /// <summary>A text SLO's objectives (<see cref="Objectives(WorkloadSpec)"/>).</summary>
    public static IReadOnlyList<SloConstraint>? Objectives(SloSpec slo)
    {
        ArgumentNullException.ThrowIfNull(slo);
        return Objectives(slo, [("ttft", slo.TtftSeconds), ("tbt", slo.TbtSeconds), ("tpot", slo.TpotSeconds), ("e2e", slo.E2eSeconds)]);
    }

    private static IReadOnlyList<SloConstraint>? Objectives(SloSpec slo, (string Family, double? Seconds)[] targets)
    {
        var stat = slo.Percentile switch
        {
            50 => "p50",
            90 => "p90",
            99 => "p99",
            99.9 => "p999",
            _ => null,
        };
        return stat is null
            ? null
            : [.. targets.Where(t => t.Seconds is not null).Select(t => SloConstraint.Parse(string.Create(CultureInfo.InvariantCulture, $"{t.Family}_{stat}={t.Seconds!.Value:R}")))];
    }

    /// <summary>Runs one case and sets its figures beside the measured ones; searches a measured capacity unless told not to.</summary>
    public static AccuracyResult Run(AccuracyCase item, AccuracyOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        options ??= new AccuracyOptions();
        var scenario = item.Scenario;
        var measured = scenario.Measured ?? throw new ArgumentException($"scenario '{scenario.Name}' has no measured section", nameof(item));
        if (Problems(scenario) is [var problem, ..])
        {
            throw new ScenarioException([problem]);
        }

        var compiled = ScenarioCompiler.Compile(scenario, options.Seed);
        var run = ClusterRun.Execute(compiled, new RunOptions { Cancellation = cancellation });
        var figures = Compare(measured, run).ToList();

        CapacityResult? capacity = null;
        var at = figures.FindIndex(f => f.Name == MeasuredFigures.Capacity);
        if (at >= 0 && options.Capacity)
        {
            capacity = CapacitySearch.Find(new CapacityRequest
            {
                ScenarioPath = scenario.SourcePath,
                Sets = item.Sets,
                Slos = Objectives(scenario.Workloads.First(w => w.Name == measured.Workload))!,
                Class = measured.Workload,
                Replications = options.CapacityReplications,
                Parallelism = options.Parallelism,
                Seed = options.Seed,
                Cancellation = cancellation,
            });
            figures[at] = figures[at] with
            {
                NotRun = false,
                Simulated = capacity.Capacity ?? double.NaN,
                Note = capacity.Bracket.Outcome switch
                {
                    CapacityOutcome.AtLeast => "at least: the highest rate searched meets the SLO",
                    CapacityOutcome.None => "no rate searched meets the SLO",
                    _ => null,
                },
            };
        }

        return new AccuracyResult(item.Configuration, scenario.Name, item.Row, measured, figures)
        {
            Capacity = capacity,
            Groups = AccuracyGroups.Describe(scenario, run, measured.Workload),
        };
    }

    /// <summary>
    /// Each measured figure beside what one run gives; a capacity, which a run cannot give, is NaN with a note saying how to
    /// get it. What <c>clustersim run</c> writes into summary.json.
    /// </summary>
    public static IReadOnlyList<FigureComparison> Compare(MeasuredSpec measured, ServingResult result)
    {
        ArgumentNullException.ThrowIfNull(measured);
        ArgumentNullException.ThrowIfNull(result);
        return [.. measured.Figures.Select(f =>
        {
            var seconds = MeasuredFigures.Kind(f.Name).Seconds;
            if (f.Name == MeasuredFigures.Capacity)
            {
                return new FigureComparison(f.Name, seconds, f.Value, double.NaN, f.Within) { Note = "not run: a capacity is searched over many runs (clustersim accuracy FILE)", NotRun = true };
            }

            var (simulated, note) = SimulatedFigures.Read(f.Name, result, measured.Workload);
            return new FigureComparison(f.Name, seconds, f.Value, simulated, f.Within) { Note = note };
        })];
    }
}

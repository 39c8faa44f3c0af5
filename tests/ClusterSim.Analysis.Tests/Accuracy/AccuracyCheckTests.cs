using System.Text.Json;
using ClusterSim.Analysis.Accuracy;
using ClusterSim.Analysis.Planning;
using ClusterSim.Analysis.Summaries;
using ClusterSim.Analysis.Tests.Charts;
using ClusterSim.Scenarios;
using Json.Schema;

namespace ClusterSim.Analysis.Tests.Accuracy;

/// <summary>
/// `clustersim accuracy` reports the figures `clustersim run` and `clustersim capacity` give for the same scenario and seed,
/// beside the measured ones, with the error and criterion worked as written; a scenario's measured section is observed
/// only, never simulated.
/// </summary>
public sealed class AccuracyCheckTests
{
    private static string File => Path.Combine(SmallRun.RepoRoot, "tests", "ClusterSim.Analysis.Tests", "Accuracy", "measured-chat.yaml");

    private static Scenario Load(params string[] sets) => ScenarioLoader.Load(File, sets);

    private static AccuracyResult Run(AccuracyCase item, bool capacity = false)
        => AccuracyCheck.Run(item, new AccuracyOptions { Capacity = capacity, Parallelism = 1 });

    [Fact]
    public void Each_simulated_figure_is_the_one_the_run_reports_in_summary_json()
    {
        var asWritten = AccuracyCheck.Cases(Load())[0];
        var result = Run(asWritten);

        // The same scenario and seed, run as `clustersim run` runs it.
        var (_, _, run) = SmallRun.Run(file: File);
        using var summary = JsonDocument.Parse(SummaryJson.Write(run, includeWallClock: false));
        var chat = summary.RootElement.GetProperty("classes").GetProperty("chat");
        var point = OperatingPoint.Measure(run, "chat");
        double Figure(string name) => result.Figures.Single(f => f.Name == name).Simulated;

        Assert.Equal(chat.GetProperty("ttft_s").GetProperty("p99").GetDouble(), Figure("ttft_p99"));
        Assert.Equal(chat.GetProperty("tpot_s").GetProperty("p50").GetDouble(), Figure("tpot_p50"));
        Assert.Equal(chat.GetProperty("throughput_rps").GetDouble(), Figure("throughput_rps"));
        Assert.Equal(chat.GetProperty("output_tokens_per_s").GetDouble(), Figure("output_tokens_per_s"));
        Assert.Equal(summary.RootElement.GetProperty("energy").GetProperty("mean_it_kw").GetDouble(), Figure("it_power_kw"));
        Assert.Equal(point.Values[OperatingPoint.Names.ToList().IndexOf("requests_in_system_per_replica")], Figure("requests_in_system_per_replica"));
        Assert.Equal(point.Values[OperatingPoint.Names.ToList().IndexOf("mean_step_s")], Figure("mean_step"));
        Assert.True(double.IsNaN(Figure("capacity_rps")), "a capacity is not a run's figure");
    }

    [Fact]
    public void Every_latency_figure_the_language_lists_is_the_one_summary_json_writes_and_every_other_is_read_or_searched()
    {
        var (_, _, run) = SmallRun.Run(file: File);
        using var summary = JsonDocument.Parse(SummaryJson.Write(run, includeWallClock: false));
        var chat = summary.RootElement.GetProperty("classes").GetProperty("chat");
        foreach (var kind in MeasuredFigures.For("text"))
        {
            if (kind.Name == MeasuredFigures.Capacity)
            {
                Assert.Throws<ArgumentException>(() => SimulatedFigures.Of(kind.Name, run, "chat"));
                continue;
            }

            var (value, note) = SimulatedFigures.Read(kind.Name, run, "chat");
            if (kind.Name == "preemptions")
            {
                // A count, which may well be 0: the one summary.json writes for the class.
                Assert.Equal(chat.GetProperty("preemptions").GetDouble(), value);
                continue;
            }

            Assert.True(double.IsFinite(value) && value > 0, $"{kind.Name}: {value}");
            Assert.Null(note); // this run has data for every figure, and a running-set series over its window
            var split = kind.Name.LastIndexOf('_');
            if (kind.Seconds && kind.Name != "mean_step")
            {
                Assert.Equal(chat.GetProperty(kind.Name[..split] + "_s").GetProperty(kind.Name[(split + 1)..]).GetDouble(), value);
            }
        }

        Assert.Throws<ArgumentException>(() => MeasuredFigures.Kind("tpot_p98"));
        Assert.Throws<ArgumentException>(() => SimulatedFigures.Of("it_power_kw", run, "chta")); // a cluster figure still needs the workload to exist
    }

    [Theory]
    // A scenario with video and avatar classes, and one with image classes: every figure their kinds list.
    [InlineData("mixed-multimodal.yaml", "run.duration=2h")]
    [InlineData("multimodal-studio.yaml", "run.duration=20m")]
    public void Every_figure_another_kind_lists_is_the_one_its_summary_json_section_writes(string file, string duration)
    {
        var (_, _, run) = SmallRun.Run(sets: [duration], file: Path.Combine(SmallRun.RepoRoot, "scenarios", file));
        using var summary = JsonDocument.Parse(SummaryJson.Write(run, includeWallClock: false));
        var read = 0;
        foreach (var kind in run.Kinds)
        {
            foreach (var cls in kind.Classes)
            {
                var section = summary.RootElement.GetProperty(kind.Kind).GetProperty(cls.Name);
                foreach (var figure in MeasuredFigures.For(kind.Kind))
                {
                    if (figure.Name == MeasuredFigures.Capacity)
                    {
                        // A capacity is searched over runs (AccuracyCheck), never read from one.
                        Assert.Throws<ArgumentException>(() => SimulatedFigures.Read(figure.Name, run, cls.Name));
                        continue;
                    }

                    var (value, note) = SimulatedFigures.Read(figure.Name, run, cls.Name);
                    var split = figure.Name.LastIndexOf('_');
                    var written = figure == MeasuredFigures.ItPower ? summary.RootElement.GetProperty("energy").GetProperty("mean_it_kw")
                        : section.TryGetProperty(figure.Name[..split] + "_s", out var latency) && latency.ValueKind == JsonValueKind.Object ? latency.GetProperty(figure.Name[(split + 1)..])
                        : section.TryGetProperty(figure.Name, out var number) ? number
                        : section.GetProperty(figure.Name + "_s");
                    if (written.ValueKind == JsonValueKind.Null)
                    {
                        // No data (an avatar class with no conversational turns): NaN with a note, never a zero.
                        Assert.True(double.IsNaN(value), $"{cls.Name}.{figure.Name}: {value}");
                        Assert.Equal(SimulatedFigures.NoData, note);
                        continue;
                    }

                    Assert.Equal(written.GetDouble(), value);
                    Assert.Null(note);
                    read++;
                }
            }
        }

        // The video and avatar classes, or the image ones, gave figures: the loop above did not pass over everything.
        Assert.True(read >= 20, $"{read} figures read");
        Assert.Throws<ArgumentException>(() => SimulatedFigures.Of("tpot_p50", run, run.Kinds[0].Classes[0].Name));
    }

    [Fact]
    public void A_case_names_the_part_stack_and_architecture_it_ran_on()
    {
        var chat = Run(AccuracyCheck.Cases(Load())[0]);
        Assert.Equal(("h100-sxm", "vllm", "dense"), (chat.Groups["accelerator"], chat.Groups["stack"], chat.Groups["architecture"]));

        // A video workload has no LLM efficiency entry: its own kind's kernels (catalog/efficiency-video.yaml).
        var wan = ScenarioLoader.Load(Path.Combine(SmallRun.RepoRoot, "scenarios", "validation", "wan21-t2v-14b-a100.yaml"), ["run.duration=2h"]);
        var video = Run(AccuracyCheck.Cases(wan)[0]);
        Assert.Equal(("a100-80gb-sxm", "video kernels", "video"), (video.Groups["accelerator"], video.Groups["stack"], video.Groups["architecture"]));
    }

    [Fact]
    public void The_error_is_simulated_over_measured_less_one_and_a_criterion_holds_up_to_its_bound()
    {
        Assert.Equal(-0.25, new FigureComparison("ttft_p99", true, 0.4, 0.3, null).Error, 12);
        Assert.True(new FigureComparison("throughput_rps", false, 100, 110, 0.1).Met);
        Assert.True(new FigureComparison("throughput_rps", false, 100, 90, 0.1).Met);
        Assert.False(new FigureComparison("throughput_rps", false, 100, 110.01, 0.1).Met);
        Assert.Null(new FigureComparison("throughput_rps", false, 100, 200, null).Met);

        // No data is not a pass; a figure not run is not judged.
        Assert.False(new FigureComparison("ttft_p99", true, 0.4, double.NaN, 0.35).Met);
        Assert.Null(new FigureComparison("capacity_rps", false, 100, double.NaN, 0.1) { NotRun = true }.Met);
    }

    [Fact]
    public void A_measured_capacity_is_the_one_clustersim_capacity_finds_at_the_workloads_own_slo()
    {
        var result = Run(AccuracyCheck.Cases(Load())[0], capacity: true);
        var expected = CapacitySearch.Find(new CapacityRequest
        {
            ScenarioPath = File,
            Slos = [SloConstraint.Parse("ttft_p99=500ms"), SloConstraint.Parse("tpot_p99=50ms")],
            Class = "chat",
            Replications = 3,
            Parallelism = 1,
        });

        var capacity = result.Figures.Single(f => f.Name == "capacity_rps");
        Assert.Equal(CapacityOutcome.Found, expected.Bracket.Outcome);
        Assert.Equal(expected.Capacity!.Value, capacity.Simulated);
        Assert.Equal(expected.Capacity!.Value / 100 - 1, capacity.Error, 12);
        Assert.Null(capacity.Note);
    }

    [Theory]
    [InlineData(99, "ttft_p99_s <= 2|tpot_p99_s <= 0.2")]
    [InlineData(99.9, "ttft_p999_s <= 2|tpot_p999_s <= 0.2")]
    [InlineData(50, "ttft_p50_s <= 2|tpot_p50_s <= 0.2")]
    public void The_capacity_objectives_are_the_workloads_targets_at_its_percentile(double percentile, string expected)
    {
        var slo = SloSpec.None with { TtftSeconds = 2, TpotSeconds = 0.2, Percentile = percentile };
        Assert.Equal(expected, string.Join("|", AccuracyCheck.Objectives(slo)!.Select(o => o.ToString())));
    }

    [Fact]
    public void A_capacity_at_a_percentile_the_search_has_no_objective_for_is_refused_where_the_percentile_is_written()
    {
        var scenario = Load("workloads.chat.slo.percentile=95");
        var error = Assert.Single(AccuracyCheck.Problems(scenario));
        Assert.Contains("no objective at percentile 95; expected 50, 90, 99 or 99.9", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("--set workloads.chat.slo.percentile=95", error.File, StringComparison.Ordinal);
        Assert.Throws<ScenarioException>(() => AccuracyCheck.Cases(scenario));
    }

    [Fact]
    public void An_image_capacity_is_searched_at_its_deadline_and_refused_where_the_workload_has_none()
    {
        // MLPerf SDXL's server constraint: the image class's own latency at its percentile, not a text target.
        var path = Path.Combine(SmallRun.RepoRoot, "scenarios", "validation", "mlperf41-h100-sdxl.yaml");
        var sdxl = ScenarioLoader.Load(path);
        Assert.Empty(AccuracyCheck.Problems(sdxl));
        Assert.Equal(["latency_p99_s <= 20"], AccuracyCheck.Objectives(sdxl.Workloads.Single())!.Select(o => o.ToString()));

        // The capacity is the server row's figure, so the row is refused, located at the row.
        string[] noDeadline = ["workloads.images.slo={percentile: 99}"];
        var none = ScenarioLoader.Load(path, noDeadline);
        var error = Assert.Single(Assert.Throws<ScenarioException>(() => AccuracyCheck.Cases(none, noDeadline)).Errors);
        Assert.Contains("measured row 'server': a measured capacity_rps", error.Message, StringComparison.Ordinal);
        Assert.Contains("workload 'images' has none: give it one (slo: {deadline: 20s, percentile: 99})", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_row_runs_the_scenario_with_its_overrides_and_its_own_role()
    {
        var cases = AccuracyCheck.Cases(Load());
        Assert.Equal([null, "rate 8", "the fit"], cases.Select(c => c.Row));
        Assert.Equal(["workloads.chat.arrival.rate=8"], cases[1].Sets);
        Assert.Equal(MeasuredRole.Fit, cases[2].Scenario.Measured!.Role);
        Assert.All(cases, c => Assert.Equal(File, c.Configuration));

        var row = Run(cases[1]);
        var (_, _, direct) = SmallRun.Run(["workloads.chat.arrival.rate=8"], file: File);
        Assert.Equal(direct.Classes.Single(c => c.Name == "chat").ThroughputRps(direct.MeasuredSeconds), row.Figures.Single(f => f.Name == "throughput_rps").Simulated);
        Assert.Equal(["throughput_rps", "e2e_mean"], row.Figures.Select(f => f.Name));
    }

    [Fact]
    public void A_bad_override_in_a_row_is_reported_where_the_row_is_written()
    {
        var text = System.IO.File.ReadAllText(File).Replace("[workloads.chat.arrival.rate=8]", "[workloads.chat.arival.rate=8]");
        var path = Path.Combine(Directory.CreateTempSubdirectory("clustersim-accuracy-").FullName, "bad-row.yaml");
        System.IO.File.WriteAllText(path, text);

        var ex = Assert.Throws<ScenarioException>(() => AccuracyCheck.Cases(ScenarioLoader.Load(path)));
        var error = Assert.Single(ex.Errors);
        Assert.Equal(path, error.File);
        Assert.Equal(text.Split('\n').ToList().FindIndex(l => l.Contains("arival", StringComparison.Ordinal)) + 1, error.Line);
        Assert.Contains("measured row 'rate 8': set workloads.chat.arival.rate=8, column 16: unknown key 'arival'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_summary_keeps_fits_apart_and_takes_the_median_per_configuration_as_well_as_per_figure()
    {
        static FigureComparison F(double error, double? within = null) => new("throughput_rps", false, 100, 100 * (1 + error), within);
        static AccuracyResult R(string configuration, MeasuredRole role, params FigureComparison[] figures)
            => new(configuration, configuration, null, new MeasuredSpec(null, role, "chat", []), figures);

        // a: |errors| 0.1, 0.3, 0.5 (its two rows together) -> 0.3; b: 0.2 -> 0.2; c: 0.6, 0.8 -> 0.7. Over the figures: 0.1, 0.2, 0.3, 0.5, 0.6, 0.8 -> 0.4.
        var results = new[]
        {
            R("a", MeasuredRole.Check, F(-0.1, 0.2), F(0.3, 0.2)), R("a", MeasuredRole.Check, F(0.5)),
            R("b", MeasuredRole.Check, F(0.2, 0.25)),
            R("c", MeasuredRole.Check, F(-0.6), F(0.8, 1.0)),
            R("fit", MeasuredRole.Fit, F(0.01, 0.1)),
        };
        var summaries = AccuracySummary.Of(results);

        var checks = summaries[0];
        Assert.Equal(MeasuredRole.Check, checks.Role);
        Assert.Equal((3, 6, 6, 4, 3), (checks.Files, checks.Figures, checks.Simulated, checks.Criteria, checks.Met));
        Assert.Equal(0.4, checks.MedianAbsoluteError, 12);
        Assert.Equal(0.3, checks.MedianOfConfigurations, 12);
        Assert.Equal(new FigureSummary("throughput_rps", 6, 6, 0.4, 4, 3), Assert.Single(checks.ByFigure) with { MedianAbsoluteError = Math.Round(checks.ByFigure[0].MedianAbsoluteError, 12) });
        var fits = summaries[1];
        Assert.Equal((MeasuredRole.Fit, 1, 1, 1), (fits.Role, fits.Files, fits.Criteria, fits.Met));
        Assert.Equal(0.01, fits.MedianAbsoluteError, 12);
    }

    [Fact]
    public void A_measured_section_is_observed_only_it_never_changes_what_is_simulated()
    {
        var text = System.IO.File.ReadAllText(File);
        var path = Path.Combine(Directory.CreateTempSubdirectory("clustersim-accuracy-").FullName, "measured-chat.yaml");
        System.IO.File.WriteAllText(path, text[..text.IndexOf("\nmeasured:", StringComparison.Ordinal)] + "\n");
        var with = SmallRun.Run(file: File);
        var without = SmallRun.Run(file: path);
        Assert.Null(without.Scenario.Measured);

        var a = SummaryJson.Write(with.Result, includeWallClock: false, measured: with.Scenario.Measured);
        var b = SummaryJson.Write(without.Result, includeWallClock: false);
        Assert.Contains("\"measured\":", a, StringComparison.Ordinal);
        Assert.Equal(b, SummaryJson.Write(with.Result, includeWallClock: false));
    }

    [Fact]
    public void Every_shipped_measured_section_loads_with_its_rows_and_names_its_source_and_role()
    {
        // What `clustersim accuracy scenarios/calibration scenarios/validation` runs: every case must load and compile,
        // and a figure with a criterion is one the README's Accuracy table holds to it.
        var files = new[] { "calibration", "validation" }
            .SelectMany(folder => Directory.GetFiles(Path.Combine(SmallRun.RepoRoot, "scenarios", folder), "*.yaml").Order(StringComparer.Ordinal))
            .Select(f => ScenarioLoader.Load(f))
            .Where(s => s.Measured is not null)
            .ToList();
        Assert.True(files.Count >= 35, $"{files.Count} shipped scenarios carry measurements");
        foreach (var scenario in files)
        {
            Assert.False(string.IsNullOrWhiteSpace(scenario.Measured!.Source), $"{scenario.Name}: the measured section says where its figures come from");
            Assert.NotEmpty(AccuracyCheck.Cases(scenario));
            Assert.All(scenario.Measured.Figures.Where(f => f.Within is not null), f => Assert.InRange(f.Within!.Value, 0.10, 0.35));
        }
    }

    [Fact]
    public void A_summary_with_a_measured_section_validates_against_the_summary_schema()
    {
        var (scenario, _, result) = SmallRun.Run(file: File);
        var json = SummaryJson.Write(result, includeWallClock: false, measured: scenario.Measured);
        using var doc = JsonDocument.Parse(json);
        var evaluation = JsonSchema.FromText(SummarySchema.Generate()).Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(evaluation.IsValid, string.Join("\n", (evaluation.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}")));

        var capacity = doc.RootElement.GetProperty("measured").GetProperty("figures").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "capacity_rps");
        Assert.Equal(JsonValueKind.Null, capacity.GetProperty("simulated").ValueKind);
        Assert.False(capacity.TryGetProperty("met", out _), "a figure not run is not judged");
    }
}

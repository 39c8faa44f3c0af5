using System.Globalization;
using System.Text;
using System.Text.Json;
using ClusterSim.Analysis.Charts;
using ClusterSim.Analysis.Metrics;
using ClusterSim.Analysis.Outputs;
using ClusterSim.Analysis.Report;
using ClusterSim.Analysis.Statistics;

namespace ClusterSim.Analysis.Planning;

/// <summary>
/// A capacity search as a table for the terminal, as capacity.json and as charts (each SLO figure
/// against the rate, with its target and the capacity drawn). Rates in the order of the rate, numbers
/// in invariant round-trip form, no clock unless asked: equal searches give equal bytes.
/// </summary>
public static class CapacityReport
{
    /// <summary>What <c>running_sequences_per_replica</c> was measured from, in words.</summary>
    public const string FromSeries = "time-weighted running set (sequences admitted and not finished) of the text replicas over the measured window";

    /// <summary>The fallback when no running-set series covers the window.</summary>
    public const string FromLittle = "Little's law: throughput x mean end-to-end latency / text replicas (queued requests included)";

    public static string Text(CapacityResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var r = result.Request;
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture,
            $"capacity of class {result.Class} in '{result.Scenario}' (rate at {result.RatePath}): {result.Replications} replication(s) per rate, {(result.Replications == 1 ? $"seed {result.BaseSeed}" : $"seeds {result.BaseSeed} to {result.PerReplication[^1].Seed}")} at every rate\n");
        s.Append("SLOs: ").AppendJoin(", ", r.Slos.Select(x => x.ToString())).Append(" (on the mean over replications)\n\n");

        var metrics = Metrics(result);
        var header = new List<string> { "rate/s" };
        header.AddRange(metrics);
        header.Add("verdict");
        var rows = new List<IReadOnlyList<string>> { header };
        foreach (var p in result.Probes.OrderBy(p => p.Rate))
        {
            var row = new List<string> { Rate(p.Rate) };
            row.AddRange(metrics.Select(m => Figure(p.Figures[m])));
            row.Add((p.Meets ? "meets" : "misses") + (p.Rate == result.Capacity ? " (capacity)" : "") + (p.Note is { } note ? "; " + note : ""));
            rows.Add(row);
        }

        TextTable.Append(s, rows);
        s.Append('\n');
        var b = result.Bracket;
        switch (b.Outcome)
        {
            case CapacityOutcome.Found:
                // The SLO the next rate breaks is the one that sets the capacity: a planner's first question after the number.
                var failing = result.Probes.FirstOrDefault(p => p.Rate == b.Failing!.Value);
                var broken = failing is { Violations.Count: > 0 } ? ": " + string.Join(", ", failing.Violations) : "";
                s.Append(CultureInfo.InvariantCulture,
                    $"capacity: {Rate(b.Passing!.Value)} requests/s{Hourly(result, b.Passing!.Value)}, the highest rate run that meets every SLO; {Rate(b.Failing!.Value)} requests/s does not{broken} (bracket within {r.Tolerance * 100:G4} %)\n");
                break;
            case CapacityOutcome.AtLeast:
                s.Append(CultureInfo.InvariantCulture,
                    $"capacity: at least {Rate(b.Passing!.Value)} requests/s{Hourly(result, b.Passing!.Value)}: the highest rate searched ({(r.High is null ? "2^20 x the start" : "--hi")}) still meets every SLO\n");
                break;
            default:
                var lowest = result.Probes.MinBy(p => p.Rate)!;
                s.Append(r.Low is { } low
                    ? $"capacity: none: not even the lowest rate searched (--lo {Rate(low)} requests/s) meets every SLO"
                    : $"capacity: none: no rate from {Rate(result.Start)} down to {Rate(result.Floor)} requests/s (the start / 2^20) meets every SLO");
                s.Append(CultureInfo.InvariantCulture, $"; at {Rate(lowest.Rate)}: {string.Join(", ", lowest.Violations)}{(lowest.Note is { } n ? "; " + n : "")}\n");
                break;
        }

        var ci = result.CapacityInterval;
        var perSeed = string.Join(", ", result.PerReplication.Select(p => Capacity(p.Bracket)));
        s.Append(ci.HasHalfWidth
            ? string.Create(CultureInfo.InvariantCulture, $"{ci.Level:P0} interval of the capacity: {Rate(ci.Lower)} to {Rate(ci.Upper)} requests/s (Student-t over each seed's own capacity: {perSeed})\n")
            : $"no interval of the capacity ({(result.Replications < 2 ? "one replication; give --replications 3 or more" : "not every seed's own search found a capacity")}); each seed's own capacity: {perSeed}\n");

        if (result.Answer is { } answer)
        {
            s.Append(CultureInfo.InvariantCulture, $"at {Rate(answer.Rate)} requests/s (mean ± {r.Confidence:P0} half-width over {result.Replications} replication(s)):\n");
            var lines = new List<IReadOnlyList<string>>();
            foreach (var slo in r.Slos)
            {
                lines.Add(["  " + slo.Metric, Figure(answer.Figures[slo.Metric]), $"target {(slo.AtMost ? "<=" : ">=")} {slo.Target.ToString("G6", CultureInfo.InvariantCulture)}"]);
            }

            foreach (var name in OperatingPoint.Names)
            {
                // Another kind's class has no sequences or tokens: its text-only figures are left out, not shown as "-".
                if (result.IsText || double.IsFinite(answer.Figures[name].Mean))
                {
                    lines.Add(["  " + name, Figure(answer.Figures[name]), Explain(name, answer, result.Kind)]);
                }
            }

            TextTable.Append(s, lines);
            if (answer.BusyShares is { } busy)
            {
                s.Append("  busy time there: ").AppendJoin(", ", busy.Where(p => p.Share > 0).OrderByDescending(p => p.Share)
                    .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name.Replace('_', ' ')} {p.Share:P1}"))).Append('\n');
            }
        }

        if (result.Sensitivity.Count > 0)
        {
            var steps = Steps(result.Kind);
            s.Append(result.RecordErrorBasis is { } basis
                ? $"with the published checks of its kind (--record-error: {steps} as much longer or shorter as the model's largest and smallest misses there, execution_model.step_scale; {basis}):\n"
                : string.Create(CultureInfo.InvariantCulture,
                    $"with the execution model's own error (--step-error {r.StepError:G4}: {steps} that much longer or shorter, execution_model.step_scale):\n"));
            var lines = new List<IReadOnlyList<string>>();
            foreach (var (scale, scaled) in result.Sensitivity.Select(x => (x.StepScale, x.Result)))
            {
                var change = result.Capacity is { } c && scaled.Capacity is { } sc && scaled.Bracket.Outcome == CapacityOutcome.Found
                    ? string.Create(CultureInfo.InvariantCulture, $"{(sc / c) - 1:+0.0%;-0.0%}")
                    : "";
                var running = scaled.Answer is { } a
                    ? (result.IsText ? "running sequences per replica " + Figure(a.Figures["running_sequences_per_replica"]) + ", mean step " : "mean step ") + Figure(a.Figures["mean_step_s"]) + " s"
                    : "";
                lines.Add([string.Create(CultureInfo.InvariantCulture, $"  steps x {scale:G4}"), "capacity " + Capacity(scaled.Bracket) + " requests/s", change,
                    scaled.CapacityInterval.HasHalfWidth ? string.Create(CultureInfo.InvariantCulture, $"interval {Rate(scaled.CapacityInterval.Lower)} to {Rate(scaled.CapacityInterval.Upper)}") : "", running]);
            }

            TextTable.Append(s, lines);
        }

        foreach (var e in result.Execution)
        {
            // The published checks of this kind of deployment: whether the capacity and its tails are to be read as they stand.
            s.Append(e.ValidationNote).Append('\n');
        }

        s.Append(CultureInfo.InvariantCulture, $"{result.SimulationRuns + result.Sensitivity.Sum(x => x.Result.SimulationRuns)} simulation runs\n");
        return s.ToString();
    }

    /// <summary>capacity.json; <paramref name="includeWallClock"/> false leaves out the one figure that differs between equal searches.</summary>
    public static string Json(CapacityResult result, bool includeWallClock = true)
    {
        ArgumentNullException.ThrowIfNull(result);
        var r = result.Request;
        return JsonText.Object(w =>
        {
            w.WriteString("scenario", result.Scenario);
            w.WriteString("class", result.Class);
            w.WriteString("kind", result.Kind);
            w.WriteString("rate_path", result.RatePath);
            PlanReport.WriteSlos(w, r.Slos);
            w.WriteString("judged_on", "mean over the replications of each SLO figure");
            w.WriteNumber("replications", result.Replications);
            w.WriteStartArray("seeds");
            foreach (var p in result.PerReplication)
            {
                w.WriteNumberValue(p.Seed);
            }

            w.WriteEndArray();
            w.WriteNumber("confidence", r.Confidence);
            w.WriteNumber("tolerance", r.Tolerance);
            w.WriteStartObject("search");
            w.WriteNumber("start_rps", result.Start);
            w.WriteNumber("floor_rps", result.Floor);
            w.WriteNumber("ceiling_rps", result.Ceiling);
            w.WriteString("method", "double from the start while every SLO holds (halve while not), then bisect until the failing rate is within the tolerance of the passing one");
            w.WriteEndObject();

            w.WriteString("outcome", Outcome(result.Bracket.Outcome));
            FiniteJson.Write(w, "capacity_rps", result.Bracket.Passing);
            FiniteJson.Write(w, "failing_rps", result.Bracket.Failing);
            w.WriteStartObject("capacity_interval");
            Interval(w, result.CapacityInterval);
            w.WriteString("method", "Student-t over each seed's own capacity (each seed bracketed and bisected alone, same start and tolerance)");
            w.WriteEndObject();
            w.WriteStartArray("per_replication");
            foreach (var p in result.PerReplication)
            {
                w.WriteStartObject();
                w.WriteNumber("replication", p.Index);
                w.WriteNumber("seed", p.Seed);
                w.WriteString("outcome", Outcome(p.Bracket.Outcome));
                FiniteJson.Write(w, "capacity_rps", p.Bracket.Passing);
                FiniteJson.Write(w, "failing_rps", p.Bracket.Failing);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (result.Answer is { } answer)
            {
                w.WriteStartObject("operating_point");
                w.WriteNumber("rate_rps", answer.Rate);
                if (result.IsText)
                {
                    w.WriteString("running_sequences_source", answer.RunningFromSeries ? FromSeries : FromLittle);
                }

                Figures(w, answer);
                if (answer.BusyShares is { } busy)
                {
                    // Where the text replicas' busy time went there (summary.json's busy_time, over all of them), mean over the replications.
                    w.WriteStartObject("busy_time_shares");
                    foreach (var (name, share) in busy)
                    {
                        w.WriteNumber(name, share);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("operating_point");
            }

            w.WriteStartArray("probes");
            foreach (var p in result.Probes)
            {
                w.WriteStartObject();
                w.WriteNumber("rate_rps", p.Rate);
                w.WriteBoolean("meets_slos", p.Meets);
                Figures(w, p);
                PlanReport.WriteViolations(w, p.Violations, p.Note);

                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (result.Sensitivity.Count > 0)
            {
                w.WriteStartObject("step_error");
                if (result.RecordErrorBasis is { } basis)
                {
                    // The scales came from the validation record, not a fraction the user gave.
                    w.WriteString("source", "record");
                    w.WriteString("basis", basis);
                }
                else
                {
                    w.WriteString("source", "step_error");
                    w.WriteNumber("fraction", r.StepError!.Value);
                }

                w.WriteString("method", "the same search with every LLM step scaled (execution_model.step_scale), each started at capacity / scale");
                w.WriteStartArray("searches");
                foreach (var (scale, scaled) in result.Sensitivity.Select(x => (x.StepScale, x.Result)))
                {
                    w.WriteStartObject();
                    w.WriteNumber("step_scale", scale);
                    w.WriteString("outcome", Outcome(scaled.Bracket.Outcome));
                    FiniteJson.Write(w, "capacity_rps", scaled.Bracket.Passing);
                    FiniteJson.Write(w, "failing_rps", scaled.Bracket.Failing);
                    w.WriteStartObject("capacity_interval");
                    Interval(w, scaled.CapacityInterval);
                    w.WriteEndObject();
                    if (scaled.Answer is { } there)
                    {
                        w.WriteStartObject("operating_point");
                        w.WriteNumber("rate_rps", there.Rate);
                        Figures(w, there);
                        w.WriteEndObject();
                    }
                    else
                    {
                        w.WriteNull("operating_point");
                    }

                    w.WriteNumber("simulation_runs", scaled.SimulationRuns);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            // How each deployment's kind read against published measurements: the note and its groups.
            w.WriteStartArray("validation");
            foreach (var e in result.Execution)
            {
                w.WriteStartObject();
                w.WriteString("deployment", e.Deployment);
                w.WriteString("note", e.ValidationNote);
                Summaries.ValidationJson.WriteFields(w, e);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteNumber("simulation_runs", result.SimulationRuns);
            if (includeWallClock)
            {
                w.WriteNumber("run_wall_seconds", result.RunWallSeconds);
            }
        });
    }

    /// <summary>
    /// One chart per SLO figure: its mean (with the interval as error bars) at every rate run, the
    /// target as a horizontal line and the capacity as a vertical one. Named <c>METRIC-vs-rate</c>.
    /// </summary>
    public static IReadOnlyList<Chart> Charts(CapacityResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var probes = result.Probes.OrderBy(p => p.Rate).ToList();
        var charts = new List<Chart>();
        foreach (var slo in result.Request.Slos.Where(s => !s.Implicit).DistinctBy(s => s.Metric))
        {
            var points = probes.Where(p => double.IsFinite(p.Figures[slo.Metric].Mean)).ToList();
            var unit = slo.AtMost ? " (s)" : "";
            var lines = new List<ReferenceLine>
            {
                new(string.Create(CultureInfo.InvariantCulture, $"SLO {(slo.AtMost ? "<=" : ">=")} {slo.Target:G4}{(slo.AtMost ? " s" : "")}"), slo.Target),
            };
            if (result.Capacity is { } capacity)
            {
                lines.Add(new ReferenceLine(string.Create(CultureInfo.InvariantCulture, $"capacity {(result.Bracket.Outcome == CapacityOutcome.AtLeast ? ">= " : "")}{capacity:G4} req/s"), capacity, Vertical: true));
            }

            var series = new ChartSeries(
                $"{result.Class}, mean of {result.Replications}",
                points.Select(p => p.Rate).ToArray(),
                points.Select(p => p.Figures[slo.Metric].Mean).ToArray(),
                points.Select(p => p.Figures[slo.Metric] is { HasHalfWidth: true } ci ? ci.HalfWidth : 0).ToArray());
            var metric = slo.Metric.EndsWith("_s", StringComparison.Ordinal) ? slo.Metric[..^2] : slo.Metric;
            charts.Add(Chart.Lines(Chart.Slug(metric + "-vs-rate"), $"{metric} against arrival rate ({result.Scenario})",
                "Arrival rate (req/s)", metric + unit, [series], lines));
        }

        return charts;
    }

    /// <summary>The SLO figures, in the order given, without repeats.</summary>
    private static List<string> Metrics(CapacityResult result) => result.Request.Slos.Select(s => s.Metric).Distinct().ToList();

    private static void Figures(Utf8JsonWriter w, CapacityProbe p)
    {
        w.WriteStartObject("figures");
        foreach (var (name, ci) in p.Figures)
        {
            w.WriteStartObject(name);
            Interval(w, ci);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void Interval(Utf8JsonWriter w, ConfidenceInterval ci)
    {
        FiniteJson.Write(w, "mean", ci.Mean);
        FiniteJson.Write(w, "half_width", ci.HalfWidth);
        FiniteJson.Write(w, "lower", ci.Lower);
        FiniteJson.Write(w, "upper", ci.Upper);
        w.WriteNumber("n", ci.Count);
        w.WriteNumber("level", ci.Level);
    }

    private static string Explain(string name, CapacityProbe p, string kind) => name switch
    {
        "running_sequences_per_replica" => p.RunningFromSeries ? FromSeries : FromLittle,
        "requests_in_system_per_replica" => FromLittle,
        "mean_step_s" => kind == Names.TextKind ? "busy time / iterations of the text replicas, whole run" : $"busy time / steps of the {kind} replicas, whole run",
        "throughput_rps" when kind != Names.TextKind => "completions of the class per second, end of warm-up to the end of the run",
        _ => MetricRegistry.All.FirstOrDefault(m => m.Name == name)?.Description ?? "",
    };

    private static string Outcome(CapacityOutcome o) => o switch
    {
        CapacityOutcome.Found => "found",
        CapacityOutcome.AtLeast => "at_least",
        _ => "none",
    };

    private static string Capacity(RateBracket b) => b.Outcome switch
    {
        CapacityOutcome.Found => Rate(b.Passing!.Value),
        CapacityOutcome.AtLeast => ">= " + Rate(b.Passing!.Value),
        _ => "none",
    };

    // A half-width at rounding level (a step time every replication shares) reads as 0, not as 2e-15.
    private static string Figure(ConfidenceInterval ci)
        => !double.IsFinite(ci.Mean) ? "-"
            : ci.HasHalfWidth ? $"{Format.Significant(ci.Mean)} ± {Format.Significant(ci.HalfWidth <= 1e-9 * Math.Abs(ci.Mean) ? 0 : ci.HalfWidth)}"
            : Format.Significant(ci.Mean);

    private static string Rate(double rate) => rate.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>What execution_model.step_scale stretches for a class of <paramref name="kind"/>.</summary>
    internal static string Steps(string kind) => kind == Names.TextKind ? "every LLM step" : $"every {kind} step, encoding and decoding";

    /// <summary>A rate of another kind's class also per hour (videos and images are planned by the hour); nothing for text.</summary>
    private static string Hourly(CapacityResult result, double rate)
        => result.IsText ? "" : string.Create(CultureInfo.InvariantCulture, $" ({Format.Significant(rate * 3600)} an hour)");
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using ClusterSim.Analysis.Charts;
using ClusterSim.Analysis.Outputs;
using ClusterSim.Analysis.Report;

namespace ClusterSim.Analysis.Planning;

/// <summary>The plan as a table for the terminal and as plan.json; both list every configuration explored.</summary>
public static class PlanReport
{
    public static string Text(PlanResult plan)
    {
        var r = plan.Request;
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"plan for '{plan.Scenario}': class {plan.Class} at {r.TargetRate:G6} requests/s{(plan.IsText ? "" : $" ({Format.Significant(r.TargetRate * 3600)} an hour, {plan.Kind})")}; node group {plan.Group} (deployment {plan.Deployment}); ");
        s.Append(CultureInfo.InvariantCulture, $"{plan.Replications} replication(s) per configuration\n");
        s.Append("SLOs: ").AppendJoin(", ", r.Slos.Select(x => x.ToString())).Append('\n');
        s.Append("objective: ").Append(ObjectiveName(r.Objective)).Append("; cost basis: ").Append(plan.CostBasis).Append(" (").Append(plan.CostModel).Append(')').Append('\n');
        s.Append('\n');
        var metrics = r.Slos.Select(x => x.Metric).Distinct().ToList();
        var header = new List<string> { "accelerator", "nodes", "replicas", "accel", "usd/h", "usd/Mtok" };
        header.AddRange(metrics);
        // Another kind's class makes no tokens: its column would be all "-".
        var tokens = plan.IsText;
        if (!tokens)
        {
            header.Remove("usd/Mtok");
        }

        header.Add("verdict");
        var rows = new List<List<string>> { header };
        foreach (var option in plan.Options)
        {
            foreach (var e in option.Explored.OrderBy(e => e.Nodes))
            {
                var row = new List<string> { option.Accelerator };
                row.AddRange(Cells(e, metrics, tokens));
                row.Add(ReferenceEquals(e, option.Chosen) ? "meets (cheapest)" : e.Feasible ? "meets" : e.Note ?? "misses");
                rows.Add(row);
            }
        }

        TextTable.Append(s, rows);
        s.Append('\n');
        foreach (var option in plan.Options.Where(o => o.Chosen is null))
        {
            s.Append(CultureInfo.InvariantCulture, $"{option.Accelerator}: no node count up to {r.Nodes[^1]} meets every SLO\n");
        }

        if (plan.Best is { } best)
        {
            var e = best.Evaluation;
            s.Append(CultureInfo.InvariantCulture,
                $"cheapest: {best.Option.Accelerator} x {e.Nodes} node(s), {e.Replicas} replica(s), {e.Accelerators} accelerators: {e.CostUsdPerHour:F2} USD/h{PerMillion(e)} ({plan.CostBasis})\n");
        }
        else
        {
            s.Append("no configuration meets every SLO at the target rate\n");
        }

        AppendStepScales(s, plan, metrics);
        foreach (var option in plan.Options.Where(o => o.Execution is not null))
        {
            // Each part's published checks for this kind of deployment: how far to trust the node count it was given.
            var e = option.Execution!;
            s.Append(CultureInfo.InvariantCulture, $"{option.Accelerator}: {e.ValidationNote}\n");
        }

        s.Append(CultureInfo.InvariantCulture, $"{plan.SimulationRuns} simulation runs (trying every node count would take {plan.BruteForceRuns})\n");
        return s.ToString();
    }

    /// <summary>The cost per million output tokens after the cost per hour; nothing where no tokens were made (another kind's class).</summary>
    private static string PerMillion(PlanEvaluation e)
        => double.IsFinite(e.CostPerMillionTokens) ? string.Create(CultureInfo.InvariantCulture, $", {e.CostPerMillionTokens:F3} USD per million output tokens") : "";

    /// <summary>A configuration's cells in the plan's tables: nodes, replicas, accelerators, costs and each SLO's figure.</summary>
    private static IEnumerable<string> Cells(PlanEvaluation e, IReadOnlyList<string> metrics, bool tokens)
    {
        var inv = CultureInfo.InvariantCulture;
        return
        [
            Int(e.Nodes), Int(e.Replicas), Int(e.Accelerators),
            e.CostUsdPerHour is { } h ? h.ToString("F2", inv) : "-",
            .. tokens ? [double.IsFinite(e.CostPerMillionTokens) ? e.CostPerMillionTokens.ToString("F3", inv) : "-"] : Array.Empty<string>(),
            .. metrics.Select(m => e.Values.TryGetValue(m, out var v) && double.IsFinite(v) ? v.ToString("G4", inv) : "-"),
        ];
    }

    /// <summary>The searches at scaled steps: each option's node count at each scale, then the cheapest at the longest.</summary>
    private static void AppendStepScales(StringBuilder s, PlanResult plan, IReadOnlyList<string> metrics)
    {
        var r = plan.Request;
        if (r.StepError is null && !r.RecordError)
        {
            return;
        }

        var inv = CultureInfo.InvariantCulture;
        s.Append('\n').Append(r.StepError is { } error
            ? string.Create(inv, $"with the model's error carried in (--step-error {error:G4}: {CapacityReport.Steps(plan.Kind)} {error * 100:G4} % longer, then shorter; what-ifs, not predictions):\n")
            : $"with each part's published misses carried in (--record-error: {CapacityReport.Steps(plan.Kind)} as much longer and shorter as the largest and smallest {(plan.IsText ? "capacity, else throughput," : "capacity, else throughput, else latency")} error the validation record holds for the deployment's kind on that part; what-ifs, not predictions):\n");
        var tokens = plan.IsText;
        var header = new List<string> { "accelerator", "steps x", "nodes", "replicas", "accel", "usd/h" };
        if (tokens)
        {
            header.Add("usd/Mtok");
        }

        header.AddRange(metrics);
        var rows = new List<List<string>> { header };
        foreach (var option in plan.Options)
        {
            foreach (var scaled in option.StepScales)
            {
                var row = new List<string> { option.Accelerator, scaled.StepScale.ToString("G4", inv) };
                if (scaled.Chosen is { } e)
                {
                    row.AddRange(Cells(e, metrics, tokens));
                }
                else
                {
                    row.AddRange([string.Create(inv, $"none up to {r.Nodes[^1]}"), "-", "-", "-", .. tokens ? ["-"] : Array.Empty<string>()]);
                    row.AddRange(metrics.Select(_ => "-"));
                }

                rows.Add(row);
            }
        }

        if (rows.Count > 1)
        {
            TextTable.Append(s, rows);
        }

        foreach (var option in plan.Options)
        {
            if (option.StepScaleBasis is { } basis)
            {
                s.Append(inv, $"{option.Accelerator}: scales from {basis}\n");
            }

            if (option.StepScaleNote is { } note)
            {
                s.Append(inv, $"{option.Accelerator}: not searched at scaled steps: {note}\n");
            }
        }

        if (plan.LongestStepsBest is { } longest && longest.Scaled.Chosen is { } chosen)
        {
            s.Append(inv, $"cheapest with each option's longest steps: {longest.Option.Accelerator} x {chosen.Nodes} node(s) at steps x {longest.Scaled.StepScale:G4}, {chosen.Replicas} replica(s), {chosen.Accelerators} accelerators: {chosen.CostUsdPerHour:F2} USD/h{PerMillion(chosen)} ({plan.CostBasis})\n");
        }
        else if (plan.Options.Any(o => o.StepScales.Count > 0))
        {
            s.Append("no configuration meets every SLO with each option's longest steps\n");
        }

        s.Append('\n');
    }

    /// <summary>
    /// The plan as charts: per SLO figure the value at every configuration explored against its node count, one line per
    /// hardware option, with the target and each option's answer marked (<c>METRIC-vs-nodes</c>); and the cost per hour
    /// of the same configurations, each option's answer marked and the cheapest named (<c>cost-vs-nodes</c>). The
    /// objective the search added itself (nothing turned away) is judged and listed, not charted.
    /// </summary>
    public static IReadOnlyList<Chart> Charts(PlanResult plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var inv = CultureInfo.InvariantCulture;
        var charts = new List<Chart>();
        static IEnumerable<PlanEvaluation> Ran(PlanOption o) => o.Explored.Where(e => e.Runs > 0).OrderBy(e => e.Nodes);
        string Answer(PlanOption o, PlanEvaluation e)
            => string.Create(inv, $"{o.Accelerator}: {e.Nodes} node(s){(plan.Best is { } b && ReferenceEquals(b.Evaluation, e) ? ", cheapest" : "")}");
        foreach (var slo in plan.Request.Slos.Where(x => !x.Implicit).DistinctBy(x => x.Metric))
        {
            var series = plan.Options.Select(o =>
            {
                var points = Ran(o).Where(e => e.Values.TryGetValue(slo.Metric, out var v) && double.IsFinite(v)).ToList();
                return new ChartSeries(o.Accelerator, [.. points.Select(e => (double)e.Nodes)], [.. points.Select(e => e.Values[slo.Metric])]);
            }).ToList();
            var markers = plan.Options.Where(o => o.Chosen is { } c && c.Values.TryGetValue(slo.Metric, out var v) && double.IsFinite(v))
                .Select(o => new ChartMarker(Answer(o, o.Chosen!), o.Chosen!.Nodes, o.Chosen.Values[slo.Metric])).ToList();
            var metric = slo.Metric.EndsWith("_s", StringComparison.Ordinal) ? slo.Metric[..^2] : slo.Metric;
            var unit = slo.Metric.EndsWith("_s", StringComparison.Ordinal) ? " (s)" : "";
            charts.Add(Chart.Lines(Chart.Slug(metric + "-vs-nodes"),
                string.Create(inv, $"{metric} of {plan.Class} at {plan.Request.TargetRate:G4}/s against nodes"),
                $"Nodes of group {plan.Group}", metric + unit, series,
                [new ReferenceLine(string.Create(inv, $"SLO {(slo.AtMost ? "<=" : ">=")} {slo.Target:G4}{(unit.Length > 0 ? " s" : "")}"), slo.Target)], markers));
        }

        var cost = plan.Options.Select(o =>
        {
            var points = Ran(o).Where(e => e.CostUsdPerHour is not null).ToList();
            return new ChartSeries(o.Accelerator, [.. points.Select(e => (double)e.Nodes)], [.. points.Select(e => e.CostUsdPerHour!.Value)]);
        }).ToList();
        var answers = plan.Options.Where(o => o.Chosen?.CostUsdPerHour is not null)
            .Select(o => new ChartMarker(Answer(o, o.Chosen!), o.Chosen!.Nodes, o.Chosen.CostUsdPerHour!.Value)).ToList();
        charts.Add(Chart.Lines("cost-vs-nodes", string.Create(inv, $"Cost per hour ({plan.CostBasis}) of each configuration run"),
            $"Nodes of group {plan.Group}", "USD per hour", cost, markers: answers));
        return charts;
    }

    public static string Json(PlanResult plan)
    {
        var r = plan.Request;
        return JsonText.Object(w =>
        {
            w.WriteString("scenario", plan.Scenario);
            w.WriteString("class", plan.Class);
            w.WriteString("kind", plan.Kind);
            w.WriteNumber("target_rate", r.TargetRate);
            w.WriteString("rate_path", plan.RatePath);
            w.WriteString("group", plan.Group);
            w.WriteString("deployment", plan.Deployment);
            w.WriteString("replicas_rule", "replicas = floor(nodes x per_node / (tp x pp))");
            WriteSlos(w, r.Slos);
            w.WriteString("objective", ObjectiveName(r.Objective));
            w.WriteString("cost_basis", plan.CostBasis);
            w.WriteString("cost_model", plan.CostModel);
            w.WriteNumber("replications", plan.Replications);
            FiniteJson.Write(w, "step_error", r.StepError);
            w.WriteBoolean("record_error", r.RecordError);
            w.WriteStartArray("node_counts");
            foreach (var n in r.Nodes)
            {
                w.WriteNumberValue(n);
            }

            w.WriteEndArray();
            w.WriteStartArray("options");
            foreach (var option in plan.Options)
            {
                w.WriteStartObject();
                w.WriteString("accelerator", option.Accelerator);
                WriteChosen(w, option.Chosen);
                w.WriteNumber("runs", option.Runs);
                if (option.Execution is { } provenance)
                {
                    w.WriteStartObject("validation");
                    w.WriteString("note", provenance.ValidationNote);
                    Summaries.ValidationJson.WriteFields(w, provenance);
                    w.WriteEndObject();
                }
                else
                {
                    w.WriteNull("validation");
                }

                w.WriteStartArray("explored");
                foreach (var e in option.Explored)
                {
                    Evaluation(w, e);
                }

                w.WriteEndArray();
                if (r.StepError is not null || r.RecordError)
                {
                    WriteStepScales(w, option);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (plan.Best is { } best)
            {
                w.WriteStartObject("best");
                w.WriteString("accelerator", best.Option.Accelerator);
                w.WritePropertyName("configuration");
                Evaluation(w, best.Evaluation);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("best");
            }

            if (r.StepError is not null || r.RecordError)
            {
                if (plan.LongestStepsBest is { } longest && longest.Scaled.Chosen is { } chosen)
                {
                    w.WriteStartObject("best_at_longest_steps");
                    w.WriteString("accelerator", longest.Option.Accelerator);
                    w.WriteNumber("step_scale", longest.Scaled.StepScale);
                    w.WritePropertyName("configuration");
                    Evaluation(w, chosen);
                    w.WriteEndObject();
                }
                else
                {
                    w.WriteNull("best_at_longest_steps");
                }
            }

            w.WriteNumber("simulation_runs", plan.SimulationRuns);
            w.WriteNumber("brute_force_runs", plan.BruteForceRuns);
        });
    }

    /// <summary>An option's searches at scaled steps: <c>step_scales</c>, longest first, then where the scales came from or why there are none.</summary>
    private static void WriteStepScales(Utf8JsonWriter w, PlanOption option)
    {
        w.WriteStartArray("step_scales");
        foreach (var scaled in option.StepScales)
        {
            w.WriteStartObject();
            w.WriteNumber("step_scale", scaled.StepScale);
            WriteChosen(w, scaled.Chosen);
            w.WriteNumber("runs", scaled.Runs);
            w.WriteStartArray("explored");
            foreach (var e in scaled.Explored)
            {
                Evaluation(w, e);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (option.StepScaleBasis is { } basis)
        {
            w.WriteString("step_scale_basis", basis);
        }

        if (option.StepScaleNote is { } note)
        {
            w.WriteString("step_scale_note", note);
        }
    }

    /// <summary><c>feasible</c> and <c>nodes</c> (null when no count meets every SLO) of a search.</summary>
    private static void WriteChosen(Utf8JsonWriter w, PlanEvaluation? chosen)
    {
        w.WriteBoolean("feasible", chosen is not null);
        if (chosen is not null)
        {
            w.WriteNumber("nodes", chosen.Nodes);
        }
        else
        {
            w.WriteNull("nodes");
        }
    }

    private static void Evaluation(Utf8JsonWriter w, PlanEvaluation e)
    {
        w.WriteStartObject();
        w.WriteNumber("nodes", e.Nodes);
        w.WriteNumber("replicas", e.Replicas);
        w.WriteNumber("accelerators", e.Accelerators);
        FiniteJson.Write(w, "cost_usd_per_hour", e.CostUsdPerHour);
        FiniteJson.Write(w, "cost_per_mtok_usd", e.CostPerMillionTokens);
        w.WriteBoolean("meets_slos", e.Feasible);
        w.WriteStartObject("values");
        foreach (var (k, v) in e.Values)
        {
            FiniteJson.Write(w, k, v);
        }

        w.WriteEndObject();
        WriteViolations(w, e.Violations, e.Note);

        w.WriteNumber("runs", e.Runs);
        w.WriteEndObject();
    }

    /// <summary>The <c>violations</c> array, then the <c>note</c> when there is one.</summary>
    internal static void WriteViolations(Utf8JsonWriter w, IReadOnlyList<string> violations, string? note)
    {
        w.WriteStartArray("violations");
        foreach (var v in violations)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
        if (note is not null)
        {
            w.WriteString("note", note);
        }
    }

    /// <summary>The <c>slos</c> array: metric, op and target of each objective.</summary>
    internal static void WriteSlos(Utf8JsonWriter w, IEnumerable<SloConstraint> slos)
    {
        w.WriteStartArray("slos");
        foreach (var slo in slos)
        {
            w.WriteStartObject();
            w.WriteString("metric", slo.Metric);
            w.WriteString("op", slo.AtMost ? "<=" : ">=");
            w.WriteNumber("target", slo.Target);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static string ObjectiveName(PlanObjective o) => o == PlanObjective.CostPerHour ? "cost_per_hour" : "cost_per_mtok";

    private static string Int(long v) => v.ToString(CultureInfo.InvariantCulture);
}

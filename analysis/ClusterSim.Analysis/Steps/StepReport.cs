using System.Globalization;
using System.Text;
using System.Text.Json;
using ClusterSim.Analysis.Charts;
using ClusterSim.Analysis.Outputs;
using ClusterSim.Analysis.Planning;
using ClusterSim.Model.Performance;

namespace ClusterSim.Analysis.Steps;

/// <summary>
/// Priced steps as a table for the terminal (milliseconds, only the parts some row has), as step.json (seconds, every
/// part) and as charts (each part and the whole step against the batch; output tokens per second against the batch).
/// No clock, no machine figure: equal inputs give equal bytes.
/// </summary>
public static class StepReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Text(StepResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var shape = result.Shape;
        var s = new StringBuilder();
        if (shape.Beams > 1)
        {
            s.Append(Invariant, $"one step of one replica in '{result.Scenario}': each decoding request runs {shape.Beams} beams, each attending to {shape.Context:N0} tokens of which {shape.Context - shape.BeamTokens:N0} are the prompt they share");
        }
        else
        {
            s.Append(Invariant, $"one step of one replica in '{result.Scenario}': each decoding sequence attends to {shape.Context:N0} tokens");
        }

        s.Append(shape.Prompts > 0 ? string.Create(Invariant, $", and {shape.Prompts:N0} prompt(s) of {shape.PromptTokens:N0} tokens are prefilled in the same step\n") : "; no prefill\n");
        foreach (var d in result.Deployments)
        {
            s.Append('\n').Append(Invariant, $"deployment {d.Name}: {d.Accelerators} accelerator(s) per replica");
            if (d.Provenance is { } p)
            {
                s.Append(Invariant, $", {p.Predictor}, entry {p.Entry}");
            }

            if (d.StepScale != 1)
            {
                s.Append(Invariant, $"; every step x {d.StepScale:G6} (execution_model.step_scale, a what-if: not the model's prediction)");
            }

            s.Append('\n');
            var parts = PartNames(d);
            var header = new List<string> { "batch", "step ms", "bound ms", "out tok/s" };
            header.AddRange(parts.Select(Label));
            header.Add("attention bound");
            header.Add("beyond");
            var rows = new List<IReadOnlyList<string>> { header };
            foreach (var r in d.Rows)
            {
                var row = new List<string> { r.Batch.ToString("N0", Invariant), Ms(r.Seconds), r.Parts is { } b ? Ms(b.BoundSeconds) : "-", r.OutputTokensPerSecond.ToString("N0", Invariant) };
                row.AddRange(parts.Select(name => r.Parts is { } x ? Ms(Part(x, name)) : "-"));
                row.Add(r.Parts is { } y ? (y.AttentionComputeBound ? "FLOPs" : "KV reads") : "-");
                row.Add(r.Beyond ?? "-");
                rows.Add(row);
            }

            TextTable.Append(s, rows);
            if (d.Rows.All(r => r.Parts is null))
            {
                s.Append("(this execution model gives step times only, no parts)\n");
            }
        }

        s.Append("\nparts in ms per step, adding up to the step; bound: every FLOP at peak or every byte at peak bandwidth, whichever is longer; " +
                 "beyond: the deployment's limits the step exceeds (priced all the same, but never run as configured)\n");
        return s.ToString();
    }

    /// <summary>step.json: the shape, and per deployment its provenance and every row with all parts in seconds.</summary>
    public static string Json(StepResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return JsonText.Object(w =>
        {
            w.WriteString("scenario", result.Scenario);
            w.WriteStartObject("shape");
            w.WriteNumber("context_tokens", result.Shape.Context);
            w.WriteNumber("prompts", result.Shape.Prompts);
            w.WriteNumber("prompt_tokens", result.Shape.PromptTokens);
            w.WriteNumber("beams", result.Shape.Beams);
            if (result.Shape.Beams > 1)
            {
                w.WriteNumber("beam_tokens", result.Shape.BeamTokens);
            }

            w.WriteEndObject();
            w.WriteStartArray("deployments");
            foreach (var d in result.Deployments)
            {
                w.WriteStartObject();
                w.WriteString("name", d.Name);
                w.WriteNumber("accelerators_per_replica", d.Accelerators);
                if (d.Provenance is { } p)
                {
                    w.WriteString("predictor", p.Predictor);
                    w.WriteString("entry", p.Entry);
                    w.WriteString("derivation", p.Derivation);
                }

                w.WriteNumber("step_scale", d.StepScale);
                w.WriteStartArray("rows");
                foreach (var r in d.Rows)
                {
                    w.WriteStartObject();
                    w.WriteNumber("batch", r.Batch);
                    w.WriteNumber("step_s", r.Seconds);
                    w.WriteNumber("output_tokens_per_s", r.OutputTokensPerSecond);
                    w.WriteNumber("tokens_per_s", r.TokensPerSecond);
                    if (r.Beyond is { } beyond)
                    {
                        w.WriteString("beyond_limits", beyond);
                    }

                    if (r.Parts is { } b)
                    {
                        w.WriteNumber("bound_s", b.BoundSeconds);
                        w.WriteString("attention_bound_by", b.AttentionComputeBound ? "flops" : "kv_reads");
                        w.WriteStartObject("parts_s");
                        foreach (var (name, seconds) in b.Parts)
                        {
                            w.WriteNumber(name, seconds);
                        }

                        w.WriteEndObject();
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    /// <summary>Per deployment: its parts and whole step against the batch (<c>step-parts-NAME</c>), and output tokens/s against the batch (<c>step-throughput-NAME</c>).</summary>
    public static IReadOnlyList<Chart> Charts(StepResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var charts = new List<Chart>();
        foreach (var d in result.Deployments)
        {
            var rows = d.Rows.OrderBy(r => r.Batch).ToList();
            var x = rows.Select(r => (double)r.Batch).ToArray();
            var series = new List<ChartSeries> { new("whole step", x, rows.Select(r => r.Seconds * 1e3).ToArray()) };
            series.AddRange(PartNames(d).Select(name => new ChartSeries(Label(name), x, rows.Select(r => r.Parts is { } b ? Part(b, name) * 1e3 : 0).ToArray())));
            if (rows.All(r => r.Parts is not null))
            {
                series.Add(new ChartSeries("physical bound", x, rows.Select(r => r.Parts!.Value.BoundSeconds * 1e3).ToArray()));
            }

            charts.Add(Chart.Lines(Chart.Slug("step-parts-" + d.Name), $"Where one step's time goes ({d.Name}, context {result.Shape.Context:N0})",
                "Decoding sequences per replica", "ms per step", series));
            charts.Add(Chart.Lines(Chart.Slug("step-throughput-" + d.Name), $"Output tokens per second of one replica ({d.Name})",
                "Decoding sequences per replica", "output tokens/s", [new ChartSeries(d.Name, x, rows.Select(r => r.OutputTokensPerSecond).ToArray())]));
        }

        return charts;
    }

    /// <summary>The parts some row of the deployment has, in <see cref="StepBreakdown.Parts"/> order.</summary>
    private static List<string> PartNames(StepDeployment d)
        => StepBreakdown.PartNames.Where(name => d.Rows.Any(r => r.Parts is { } b && Part(b, name) > 0)).ToList();

    private static double Part(StepBreakdown b, string name) => b.Parts.First(p => p.Name == name).Seconds;

    private static string Label(string name) => name.Replace('_', ' ');

    private static string Ms(double seconds) => (seconds * 1e3).ToString(seconds * 1e3 >= 100 ? "F1" : seconds * 1e3 >= 1 ? "F2" : "F3", Invariant);
}

using System.Globalization;
using System.Text;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Performance;

/// <summary>
/// How the model fared against every published measurement in scenarios/calibration and scenarios/validation, one row a
/// figure (<c>scenarios/catalog/validation-record.csv</c>, written by <c>clustersim accuracy ... --record</c>, embedded),
/// so that a run can say what its own kind of deployment was checked against: a planner reading a capacity or a p99
/// should know whether this part, stack and architecture read within a few percent or promised half again what the real
/// systems gave. Only checks count (no factor was set from them); fits are named and left out. Observing the record never
/// changes what is simulated: it only writes a note and summary.json's <c>validation</c>.
/// </summary>
public sealed class ValidationRecord
{
    /// <summary>Where the shipped record lives, relative to the repository, as runs cite it.</summary>
    public const string Path = "scenarios/catalog/validation-record.csv";

    /// <summary>The figure families a run reports.</summary>
    public const string Throughput = "throughput";

    /// <inheritdoc cref="Throughput"/>
    public const string Capacity = "capacity";

    /// <inheritdoc cref="Throughput"/>
    public const string Latency = "latency";

    /// <summary>The tails of the latency distributions (p90 and beyond), where a model's queueing near capacity shows first.</summary>
    public const string TailLatency = "tail_latency";

    /// <summary>Figures no run summary reports on (sequences in system, preemptions, power).</summary>
    public const string Other = "other";

    /// <summary>The record's columns, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["scenario", "row", "role", "accelerator", "stack", "architecture", "figure", "family", "measured", "simulated", "error"];

    private static readonly string[] s_families = [Throughput, Capacity, Latency, TailLatency];

    private static readonly string[] s_tails = ["_p90", "_p95", "_p99", "_p999"];

    private static readonly Lazy<ValidationRecord> s_default = new(() =>
    {
        using var stream = typeof(ScenarioLoader).Assembly.GetManifestResourceStream("catalog/validation-record.csv");
        if (stream is null)
        {
            return new ValidationRecord([]);
        }

        using var reader = new StreamReader(stream);
        return Parse(reader, Path);
    });

    public ValidationRecord(IReadOnlyList<ValidationRecordRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        Rows = rows;
    }

    /// <summary>The shipped record (empty if the build carries none).</summary>
    public static ValidationRecord Default => s_default.Value;

    /// <summary>Every figure of the record, checks and fits.</summary>
    public IReadOnlyList<ValidationRecordRow> Rows { get; }

    /// <summary>
    /// How a model is grouped: a dense transformer, a mixture of experts, or its workload kind (video, avatar); an image
    /// model by its denoiser too ("image (unet)", "image (dit)"), since a UNet's steps run at the image kernels' share and
    /// a diffusion transformer's at its text stack's, so one's checks say nothing of the other's.
    /// </summary>
    public static string Architecture(ModelSpec model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model switch
        {
            LlmModelSpec { Moe: not null } => "mixture of experts",
            LlmModelSpec => "dense",
            ImageModelSpec image => $"{model.Kind} ({image.Architecture})",
            _ => model.Kind,
        };
    }

    /// <summary>
    /// The stack a deployment's checks are grouped under: an LLM's serving stack (<paramref name="llmStack"/>), or for
    /// another kind's pool (video, image, avatar) its kind's own kernels ("video kernels"), as <c>clustersim accuracy</c>
    /// groups its checks.
    /// </summary>
    public static string GroupStack(ModelSpec model, string llmStack)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model is LlmModelSpec ? llmStack : $"{model.Kind} kernels";
    }

    /// <summary>
    /// The family of a figure: a capacity (the highest rate meeting an SLO), a throughput (any other rate, unit "x/s" or "1/h"), a
    /// tail latency (a duration at p90 or beyond), a latency (any other duration: means, medians, a step), or other.
    /// </summary>
    public static string Family(string figure, string unit)
    {
        ArgumentNullException.ThrowIfNull(figure);
        ArgumentNullException.ThrowIfNull(unit);
        return figure == MeasuredFigures.Capacity ? Capacity
            : unit == "s" ? (s_tails.Any(t => figure.EndsWith(t, StringComparison.Ordinal)) ? TailLatency : Latency)
            : unit.EndsWith("/s", StringComparison.Ordinal) || unit == "1/h" ? Throughput
            : Other;
    }

    /// <summary>
    /// The groups of checks a deployment on <paramref name="accelerator"/> with <paramref name="stack"/> running a
    /// <paramref name="architecture"/> falls in: its own group when any of its figures was checked; else the same stack on
    /// other parts and the same part with other stacks, each where checked; else the architecture on anything; else none.
    /// </summary>
    public IReadOnlyList<ValidationMatch> Match(string accelerator, string stack, string architecture)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(architecture);
        var exact = Group(accelerator, stack, architecture);
        if (exact is not null)
        {
            return [exact];
        }

        List<ValidationMatch> nearest = [.. new[] { Group(null, stack, architecture), Group(accelerator, null, architecture) }.OfType<ValidationMatch>()];
        return nearest.Count > 0 ? nearest : Group(null, null, architecture) is { } any ? [any] : [];
    }

    /// <summary>
    /// The run's note on this record: <see cref="Note"/>, or, where the build carries no record at all, that how its kind
    /// read is not known here (rather than "nothing was checked", which would be false).
    /// </summary>
    public string NoteOn(string deployment, string accelerator, string stack, string architecture, IReadOnlyList<ValidationMatch> matches)
        => Rows.Count == 0
            ? $"deployment '{deployment}': this build carries no validation record ({Path}): how {accelerator}, {stack}, {architecture} read against published measurements is not known here"
            : Note(deployment, accelerator, stack, architecture, matches);

    /// <summary>The run's note for <paramref name="deployment"/>: what its kind was checked against and how it read.</summary>
    public static string Note(string deployment, string accelerator, string stack, string architecture, IReadOnlyList<ValidationMatch> matches)
    {
        ArgumentNullException.ThrowIfNull(matches);
        var own = $"{accelerator}, {stack}, {architecture}";
        var source = $"{Path}, written by clustersim accuracy";
        if (matches.Count == 0)
        {
            return $"deployment '{deployment}': no published measurement of {("aeiou".Contains(architecture[0]) ? "an" : "a")} {architecture} on any part or stack was checked ({source}): its figures are unvalidated";
        }

        if (matches[0].Exact)
        {
            var m = matches[0];
            var fits = m.Fits > 0 ? $"; {m.Fits} figure(s) of this group were fitted on, which are no evidence and left out" : "";
            return $"deployment '{deployment}': checked against published measurements of {own} ({Configurations(m)}; {source}): {Families(m)}{Verdict(m)}{fits}";
        }

        var nearest = string.Join("; ", matches.Select(m => $"{m.Describe()} ({Configurations(m)}): {Families(m)}{Verdict(m)}"));
        return $"deployment '{deployment}': no published measurement of {own} was checked ({source}); the nearest: {nearest}";
    }

    /// <summary>Reads a record; every malformed line is an error naming the line and column.</summary>
    public static ValidationRecord Parse(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        var header = reader.ReadLine();
        if (header is null || !Split(header, source, 1).SequenceEqual(Columns))
        {
            throw new FormatException($"{source}:1:1: expected the header {string.Join(",", Columns)}");
        }

        var rows = new List<ValidationRecordRow>();
        var line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            var c = Split(text, source, line);
            if (c.Count != Columns.Count)
            {
                throw new FormatException($"{source}:{line}:1: expected {Columns.Count} fields as in the header, found {c.Count}");
            }

            var check = c[2] switch
            {
                "check" => true,
                "fit" => false,
                _ => throw new FormatException($"{source}:{line}: role: expected check or fit, got '{c[2]}'"),
            };
            rows.Add(new ValidationRecordRow(c[0], c[1], check, c[3], c[4], c[5], c[6], c[7],
                Number(c[8], source, line, "measured"), Number(c[9], source, line, "simulated"), Number(c[10], source, line, "error")));
        }

        return new ValidationRecord(rows);
    }

    /// <summary>The record as CSV (the shipped file's form): quoted where a field holds a comma or a quote, numbers round-trip.</summary>
    public static string Write(IEnumerable<ValidationRecordRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var w = new StringBuilder(string.Join(",", Columns)).Append('\n');
        foreach (var r in rows)
        {
            string[] cells =
            [
                r.Scenario, r.Row, r.Check ? "check" : "fit", r.Accelerator, r.Stack, r.Architecture, r.Figure, r.Family,
                Text(r.Measured), Text(r.Simulated), Text(r.Error),
            ];
            w.Append(string.Join(",", cells.Select(Quote))).Append('\n');
        }

        return w.ToString();
    }

    /// <summary>The group's checks, or null where it has none.</summary>
    private ValidationMatch? Group(string? accelerator, string? stack, string architecture)
    {
        var rows = Rows.Where(r => r.Architecture == architecture && (accelerator is null || r.Accelerator == accelerator) && (stack is null || r.Stack == stack)).ToList();
        var checks = rows.Where(r => r.Check && r.Family != Other && !double.IsNaN(r.Error)).ToList();
        if (checks.Count == 0)
        {
            return null;
        }

        var families = s_families
            .Select(name => (name, errors: checks.Where(r => r.Family == name).Select(r => r.Error).Order().ToList()))
            .Where(f => f.errors.Count > 0)
            .Select(f => new ValidationFamily(f.name, f.errors.Count, Median(f.errors), f.errors[0], f.errors[^1]))
            .ToList();
        return new ValidationMatch(
            accelerator,
            stack,
            architecture,
            checks.Select(r => r.Scenario).Distinct(StringComparer.Ordinal).Count(),
            [.. checks.Select(r => r.Accelerator).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            families,
            rows.Count(r => !r.Check));
    }

    private static double Median(List<double> sorted)
        => sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;

    private static string Configurations(ValidationMatch m) => m.Configurations == 1 ? "1 configuration" : $"{m.Configurations} configurations";

    private static string Families(ValidationMatch m)
        => string.Join("; ", m.Families.Select(f => f.Figures == 1
            ? $"{Words(f.Name)} {Percent(f.MedianError)} (1 figure)"
            : $"{Words(f.Name)} median {Percent(f.MedianError)} (from {Percent(f.MinError)} to {Percent(f.MaxError)}, {f.Figures} figures)"));

    private static string Words(string family) => family.Replace('_', ' ');

    // What a planner should take from the medians: only where they are off by more than the tenth most criteria hold.
    private static string Verdict(ValidationMatch m)
    {
        var promised = m.Families.Where(f => f.Optimistic()).Select(f => f.IsLatency ? $"its {Words(f.Name)} reads short" : $"its {f.Name} reads high").ToList();
        var wanting = m.Families.Where(f => f.Pessimistic()).Select(f => f.IsLatency ? $"its {Words(f.Name)} reads long" : $"its {f.Name} reads low").ToList();
        var parts = new List<string>();
        if (promised.Count > 0)
        {
            parts.Add($"{Listed(promised)}: read it as the best case");
        }

        if (wanting.Count > 0)
        {
            parts.Add($"{Listed(wanting)}: read it as the worst case");
        }

        return parts.Count == 0 ? "" : " - " + string.Join("; ", parts);
    }

    private static string Listed(List<string> items) => items.Count == 1 ? items[0] : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1];

    private static string Percent(double fraction) => (fraction * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " %";

    private static string Text(double value) => double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);

    private static double Number(string text, string source, int line, string column)
    {
        if (text.Length == 0)
        {
            return double.NaN;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"{source}:{line}: {column}: expected a number or nothing, got '{text}'");
    }

    private static string Quote(string field)
        => field.Contains(',') || field.Contains('"') ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;

    // One line of RFC 4180 fields: commas inside double quotes, a doubled quote for a quote.
    private static List<string> Split(string line, string source, int number)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch != '"')
                {
                    field.Append(ch);
                }
                else if (i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    quoted = false;
                }
            }
            else if (ch == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(ch);
            }
        }

        if (quoted)
        {
            throw new FormatException($"{source}:{number}:{line.Length}: a quoted field is not closed");
        }

        fields.Add(field.ToString());
        return fields;
    }
}

using System.Globalization;
using ClusterSim.Scenarios.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Scenarios;

/// <summary>
/// Reads and writes the efficiency parameter file (scenarios/catalog/efficiency.yaml): one entry per accelerator
/// and software stack, keyed `accelerator/stack`, with the data it came from and its fit errors as comments.
/// The file format lives here with the rest of the YAML; the model maps entries to its parameters.
/// </summary>
public static class EfficiencyYaml
{
    private static readonly CultureInfo _invariant = CultureInfo.InvariantCulture;

    private static readonly string[] _nameFields = ["accelerator", "stack", "fitted_on", "precision", "scheduler_steps", "engine_version"];

    /// <summary>The numeric factors an entry may set, in the order they are written, with the comment written beside each.</summary>
    public static IReadOnlyList<(string Key, string Meaning)> Fields { get; } =
    [
        ("compute_efficiency", "fraction of dense peak FLOP/s reached"),
        ("compute_saturation_tokens", "tokens/iteration at half compute efficiency; 0 = constant"),
        ("attention_efficiency", "fraction of peak FLOP/s of attention kernels; 0 = compute_efficiency"),
        ("memory_efficiency", "fraction of peak memory bandwidth reached"),
        ("iteration_overhead_s", "fixed seconds per iteration"),
        ("sequence_overhead_s", "seconds per sequence in the batch"),
        ("prefill_overhead_s", "extra seconds of an iteration with prefill"),
        ("host_overlap", "share of that host time run while the device computes; 0 = in series"),
        ("gemm_launch_s", "fixed seconds of each GEMM launch (ramp-up, drain)"),
        ("attention_launch_s", "fixed seconds of each layer's attention kernels; 0 = not priced apart"),
        ("collective_step_latency_s", "seconds per ring step of an all-reduce"),
        ("link_efficiency", "fraction of one-way link bandwidth a large all-reduce reaches"),
    ];

    /// <summary>Writes the file; each entry must carry a value for every one of <see cref="Fields"/>.</summary>
    public static void Write(TextWriter writer, IReadOnlyList<string> sources, IReadOnlyList<EfficiencyEntry> entries)
    {
        writer.WriteLine("# Efficiency factors of the roofline execution-time model, per accelerator and software stack.");
        writer.WriteLine("# Written by `clustersim calibrate --write-catalog` (sim/ClusterSim.Model/Performance/SplitwiseCalibration.cs); rerun it rather than editing.");
        writer.WriteLine("# Data:");
        foreach (var source in sources)
        {
            writer.WriteLine($"#   {source}");
        }

        writer.WriteLine("# Errors are |predicted / measured - 1| of iteration times.");
        writer.WriteLine("efficiency:");
        foreach (var entry in entries)
        {
            writer.WriteLine();
            foreach (var comment in entry.Comments)
            {
                writer.WriteLine($"  # {comment}");
            }

            writer.WriteLine($"  {entry.Accelerator}/{entry.Stack}:");
            writer.WriteLine($"    accelerator: {entry.Accelerator}");
            writer.WriteLine($"    stack: {entry.Stack}");
            if (entry.FittedOn.Length > 0)
            {
                writer.WriteLine($"    fitted_on: \"{entry.FittedOn.Replace("\"", "'", StringComparison.Ordinal)}\"");
            }

            if (entry.Precision.Length > 0)
            {
                writer.WriteLine($"    precision: {entry.Precision}");
            }

            if (entry.SchedulerSteps > 0)
            {
                writer.WriteLine($"    scheduler_steps: {entry.SchedulerSteps.ToString(_invariant)}");
            }

            if (entry.EngineVersion.Length > 0)
            {
                writer.WriteLine($"    engine_version: \"{entry.EngineVersion}\"");
            }

            foreach (var (key, meaning) in Fields)
            {
                var value = entry.Values.FirstOrDefault(v => v.Key == key);
                if (value.Key is null)
                {
                    throw new ArgumentException($"efficiency entry {entry.Accelerator}/{entry.Stack} has no value for '{key}'", nameof(entries));
                }

                writer.WriteLine($"    {(key + ":").PadRight(27)} {value.Value.ToString("G6", _invariant).PadRight(12)} # {meaning}");
            }
        }
    }

    public static IReadOnlyList<EfficiencyEntry> Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: efficiency file not found", path);
        }

        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    /// <summary>The file's 'efficiency:' mapping of accelerator/stack entries (shared with the video efficiency file); a malformed file throws <see cref="FormatException"/> with its location.</summary>
    internal static YamlMappingNode EntriesSection(TextReader reader, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new FormatException($"{source}:{e.Start.Line}:{e.Start.Column}: {e.Message}", e);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("efficiency"), out var section) || section is not YamlMappingNode entries)
        {
            throw new FormatException($"{source}:1:1: expected a mapping 'efficiency:' of accelerator/stack entries");
        }

        return entries;
    }

    /// <summary>Parses the file; a malformed one throws <see cref="FormatException"/> naming the source, line and column.</summary>
    public static IReadOnlyList<EfficiencyEntry> Parse(TextReader reader, string source)
    {
        var entries = EntriesSection(reader, source);

        var result = new List<EfficiencyEntry>();
        foreach (var (keyNode, valueNode) in entries.Children)
        {
            if (valueNode is not YamlMappingNode fields)
            {
                throw new FormatException($"{Where(source, valueNode)}: expected the fields of entry '{keyNode}'");
            }

            string accelerator = "", stack = "", fittedOn = "", precision = "", engineVersion = "";
            var schedulerSteps = 0;
            var values = new List<KeyValuePair<string, double>>();
            foreach (var (fieldNode, fieldValue) in fields.Children)
            {
                var name = ((YamlScalarNode)fieldNode).Value ?? "";
                var text = (fieldValue as YamlScalarNode)?.Value ?? "";
                switch (name)
                {
                    case "accelerator":
                        accelerator = text;
                        continue;
                    case "stack":
                        stack = text;
                        continue;
                    case "fitted_on":
                        fittedOn = text;
                        continue;
                    case "precision":
                        if (!PrecisionInfo.TryParse(text, out _))
                        {
                            throw new FormatException($"{Where(source, fieldValue)}: precision '{text}' is not one of {string.Join(", ", Enum.GetValues<Precision>().Select(p => p.Key()))}");
                        }

                        precision = text;
                        continue;
                    case "scheduler_steps":
                        if (!int.TryParse(text, NumberStyles.None, _invariant, out schedulerSteps) || schedulerSteps < 1)
                        {
                            throw new FormatException($"{Where(source, fieldValue)}: expected a whole number of 1 or more for 'scheduler_steps' (decode steps per scheduling round of the engine the entry was fitted on), found '{text}'");
                        }

                        continue;
                    case "engine_version":
                        if (!Policies.EngineVersions.IsValid(text))
                        {
                            throw new FormatException($"{Where(source, fieldValue)}: '{text}' is not valid for 'engine_version': {Policies.EngineVersions.PatternHint}");
                        }

                        engineVersion = text;
                        continue;
                }

                if (!Fields.Any(f => f.Key == name))
                {
                    var hint = string.IsNullOrWhiteSpace(name) ? null : Suggest.Closest(name.Trim(), Fields.Select(f => f.Key).Concat(_nameFields));
                    throw new FormatException(
                        $"{Where(source, fieldNode)}: unknown field '{name}'" + (hint is null ? "" : $"; did you mean '{hint}'?"));
                }

                if (!double.TryParse(text, NumberStyles.Float, _invariant, out var value))
                {
                    throw new FormatException($"{Where(source, fieldValue)}: expected a number for '{name}', found '{text}'");
                }

                values.Add(new(name, value));
            }

            result.Add(new EfficiencyEntry(accelerator, stack, fittedOn, values) { Precision = precision, SchedulerSteps = schedulerSteps, EngineVersion = engineVersion, Location = Where(source, valueNode) });
        }

        return result;
    }

    private static string Where(string source, YamlNode node) => $"{source}:{node.Start.Line}:{node.Start.Column}";
}

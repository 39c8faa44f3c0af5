using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Model.Performance;

/// <summary>
/// Reads and writes the efficiency parameter file (scenarios/catalog/efficiency.yaml): one entry per accelerator
/// and software stack, keyed `accelerator/stack`, with the data it came from and its fit errors as comments.
/// </summary>
public static class EfficiencyFile
{
    private static readonly CultureInfo s_invariant = CultureInfo.InvariantCulture;

    private static readonly (string Key, Func<EfficiencyParams, double> Get, Func<EfficiencyParams, double, EfficiencyParams> Set, string Meaning)[] s_fields =
    [
        ("compute_efficiency", p => p.ComputeEfficiency, (p, v) => p with { ComputeEfficiency = v }, "fraction of dense peak FLOP/s reached"),
        ("compute_saturation_tokens", p => p.ComputeSaturationTokens, (p, v) => p with { ComputeSaturationTokens = v }, "tokens/iteration at half compute efficiency; 0 = constant"),
        ("attention_efficiency", p => p.AttentionEfficiency, (p, v) => p with { AttentionEfficiency = v }, "fraction of peak FLOP/s of attention kernels; 0 = compute_efficiency"),
        ("memory_efficiency", p => p.MemoryEfficiency, (p, v) => p with { MemoryEfficiency = v }, "fraction of peak memory bandwidth reached"),
        ("iteration_overhead_s", p => p.IterationOverheadSeconds, (p, v) => p with { IterationOverheadSeconds = v }, "fixed seconds per iteration"),
        ("sequence_overhead_s", p => p.SequenceOverheadSeconds, (p, v) => p with { SequenceOverheadSeconds = v }, "seconds per sequence in the batch"),
        ("prefill_overhead_s", p => p.PrefillOverheadSeconds, (p, v) => p with { PrefillOverheadSeconds = v }, "extra seconds of an iteration with prefill"),
        ("collective_step_latency_s", p => p.CollectiveStepLatencySeconds, (p, v) => p with { CollectiveStepLatencySeconds = v }, "seconds per ring step of an all-reduce"),
        ("link_efficiency", p => p.LinkEfficiency, (p, v) => p with { LinkEfficiency = v }, "fraction of one-way link bandwidth a large all-reduce reaches"),
    ];

    public static void Write(CalibrationReport report, TextWriter writer)
    {
        writer.WriteLine("# Efficiency factors of the roofline execution-time model, per accelerator and software stack.");
        writer.WriteLine("# Written by `clustersim calibrate --write-catalog` (sim/ClusterSim.Model/Performance/SplitwiseCalibration.cs); rerun it rather than editing.");
        writer.WriteLine("# Data:");
        foreach (var source in report.Sources)
        {
            writer.WriteLine($"#   {source}");
        }

        writer.WriteLine("# Errors are |predicted / measured - 1| of iteration times.");
        writer.WriteLine("efficiency:");
        foreach (var entry in report.Entries)
        {
            var p = entry.Parameters;
            writer.WriteLine();
            foreach (var comment in entry.Comments)
            {
                writer.WriteLine($"  # {comment}");
            }

            writer.WriteLine($"  {p.Accelerator}/{p.Stack}:");
            writer.WriteLine($"    accelerator: {p.Accelerator}");
            writer.WriteLine($"    stack: {p.Stack}");
            if (p.FittedOn.Length > 0)
            {
                writer.WriteLine($"    fitted_on: \"{p.FittedOn.Replace("\"", "'", StringComparison.Ordinal)}\"");
            }

            foreach (var (key, get, _, meaning) in s_fields)
            {
                writer.WriteLine($"    {(key + ":").PadRight(27)} {get(p).ToString("G6", s_invariant).PadRight(12)} # {meaning}");
            }
        }
    }

    public static IReadOnlyList<EfficiencyParams> Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: efficiency file not found", path);
        }

        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    public static IReadOnlyList<EfficiencyParams> Parse(TextReader reader, string source)
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

        var result = new List<EfficiencyParams>();
        foreach (var (keyNode, valueNode) in entries.Children)
        {
            if (valueNode is not YamlMappingNode fields)
            {
                throw new FormatException($"{Where(source, valueNode)}: expected the fields of entry '{keyNode}'");
            }

            var parameters = new EfficiencyParams();
            foreach (var (fieldNode, fieldValue) in fields.Children)
            {
                var name = ((YamlScalarNode)fieldNode).Value ?? "";
                var text = (fieldValue as YamlScalarNode)?.Value ?? "";
                switch (name)
                {
                    case "accelerator":
                        parameters = parameters with { Accelerator = text };
                        continue;
                    case "stack":
                        parameters = parameters with { Stack = text };
                        continue;
                    case "fitted_on":
                        parameters = parameters with { FittedOn = text };
                        continue;
                }

                var field = Array.FindIndex(s_fields, f => f.Key == name);
                if (field < 0)
                {
                    var hint = Hardware.NameMatch.Nearest(name, s_fields.Select(f => f.Key).Append("accelerator").Append("stack").Append("fitted_on"));
                    throw new FormatException(
                        $"{Where(source, fieldNode)}: unknown field '{name}'" + (hint is null ? "" : $"; did you mean '{hint}'?"));
                }

                if (!double.TryParse(text, NumberStyles.Float, s_invariant, out var value))
                {
                    throw new FormatException($"{Where(source, fieldValue)}: expected a number for '{name}', found '{text}'");
                }

                parameters = s_fields[field].Set(parameters, value);
            }

            try
            {
                parameters.Validate();
            }
            catch (ArgumentException e)
            {
                throw new FormatException($"{Where(source, valueNode)}: {e.Message}", e);
            }

            result.Add(parameters);
        }

        return result;
    }

    private static string Where(string source, YamlNode node) => $"{source}:{node.Start.Line}:{node.Start.Column}";
}

using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Scenarios;

/// <summary>
/// Reads a kernel-efficiency file of a workload kind (efficiency-video.yaml, efficiency-image.yaml): entries keyed
/// `accelerator/stack` under `efficiency:`, each with accelerator, stack, an optional fitted_on and precision (the
/// arithmetic its shares were measured at) and the kind's numeric
/// fields, all required and positive, the fractions at most 1. A missing, unknown or non-numeric field is an error naming
/// the source, line and column (the files are embedded, so this guards edits to them).
/// </summary>
internal static class KernelEntryYaml
{
    /// <summary>One entry as read: its names and its numbers by field.</summary>
    public sealed record Entry(string Accelerator, string Stack, string FittedOn, string? Precision, IReadOnlyDictionary<string, double> Numbers);

    /// <param name="numbers">The kind's numeric fields, every one required.</param>
    /// <param name="fractions">Of <paramref name="numbers"/>, those that are fractions of a peak (at most 1).</param>
    public static IReadOnlyList<Entry> Parse(TextReader reader, string source, IReadOnlyList<string> numbers, IReadOnlyList<string> fractions)
    {
        var entries = EfficiencyYaml.EntriesSection(reader, source);
        var result = new List<Entry>();
        foreach (var (key, value) in entries.Children)
        {
            if (value is not YamlMappingNode fields)
            {
                throw new FormatException($"{Where(source, value)}: expected the fields of entry '{key}'");
            }

            var text = new Dictionary<string, string>();
            var found = new Dictionary<string, double>();
            foreach (var (fieldNode, fieldValue) in fields.Children)
            {
                var name = ((YamlScalarNode)fieldNode).Value ?? "";
                var raw = (fieldValue as YamlScalarNode)?.Value ?? "";
                if (name is "accelerator" or "stack" or "fitted_on" or "precision")
                {
                    text[name] = raw;
                }
                else if (!numbers.Contains(name))
                {
                    throw new FormatException($"{Where(source, fieldNode)}: unknown field '{name}'; an entry has accelerator, stack, fitted_on, precision, {string.Join(", ", numbers)}");
                }
                else if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !(v > 0))
                {
                    throw new FormatException($"{Where(source, fieldValue)}: '{name}' must be a positive number, found '{raw}'");
                }
                else
                {
                    found[name] = v;
                }
            }

            foreach (var required in numbers.Concat(["accelerator", "stack"]))
            {
                if (!found.ContainsKey(required) && !text.ContainsKey(required))
                {
                    throw new FormatException($"{Where(source, value)}: entry '{key}' has no '{required}'");
                }
            }

            foreach (var fraction in fractions)
            {
                if (found[fraction] > 1)
                {
                    throw new FormatException($"{Where(source, value)}: entry '{key}': '{fraction}' is a fraction of peak, at most 1 (found {found[fraction]})");
                }
            }

            result.Add(new Entry(text["accelerator"], text["stack"], text.GetValueOrDefault("fitted_on", ""), text.GetValueOrDefault("precision"), found));
        }

        return result;
    }

    private static string Where(string source, YamlNode node) => $"{source}:{node.Start.Line}:{node.Start.Column}";
}

using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Scenarios;

/// <summary>
/// Reads scenarios/catalog/efficiency-video.yaml: entries keyed `accelerator/stack` under `efficiency:`, each with the
/// five factors of <see cref="VideoEfficiencyEntry"/>. A missing, unknown or non-numeric field is an error naming the
/// source, line and column (the file is embedded, so this guards edits to it).
/// </summary>
public static class VideoEfficiencyYaml
{
    private static readonly string[] s_numbers = ["gemm_efficiency", "attention_efficiency", "memory_efficiency", "vae_peak_tflops", "vae_efficiency"];

    public const string ResourceName = "catalog/efficiency-video.yaml";

    /// <summary>The embedded file's entries.</summary>
    public static IReadOnlyList<VideoEfficiencyEntry> Embedded()
    {
        var text = Catalog.Resource(ResourceName) ?? throw new InvalidOperationException($"the embedded {ResourceName} is missing");
        return Parse(new StringReader(text), ResourceName);
    }

    public static IReadOnlyList<VideoEfficiencyEntry> Parse(TextReader reader, string source)
    {
        var entries = EfficiencyYaml.EntriesSection(reader, source);

        var result = new List<VideoEfficiencyEntry>();
        foreach (var (key, value) in entries.Children)
        {
            if (value is not YamlMappingNode fields)
            {
                throw new FormatException($"{Where(source, value)}: expected the fields of entry '{key}'");
            }

            var text = new Dictionary<string, string>();
            var numbers = new Dictionary<string, double>();
            foreach (var (fieldNode, fieldValue) in fields.Children)
            {
                var name = ((YamlScalarNode)fieldNode).Value ?? "";
                var raw = (fieldValue as YamlScalarNode)?.Value ?? "";
                if (name is "accelerator" or "stack" or "fitted_on")
                {
                    text[name] = raw;
                }
                else if (!s_numbers.Contains(name))
                {
                    throw new FormatException($"{Where(source, fieldNode)}: unknown field '{name}'; an entry has accelerator, stack, fitted_on, {string.Join(", ", s_numbers)}");
                }
                else if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !(v > 0))
                {
                    throw new FormatException($"{Where(source, fieldValue)}: '{name}' must be a positive number, found '{raw}'");
                }
                else
                {
                    numbers[name] = v;
                }
            }

            foreach (var required in s_numbers.Concat(["accelerator", "stack"]))
            {
                if (!numbers.ContainsKey(required) && !text.ContainsKey(required))
                {
                    throw new FormatException($"{Where(source, value)}: entry '{key}' has no '{required}'");
                }
            }

            foreach (var fraction in new[] { "gemm_efficiency", "attention_efficiency", "memory_efficiency", "vae_efficiency" })
            {
                if (numbers[fraction] > 1)
                {
                    throw new FormatException($"{Where(source, value)}: entry '{key}': '{fraction}' is a fraction of peak, at most 1 (found {numbers[fraction]})");
                }
            }

            result.Add(new VideoEfficiencyEntry(text["accelerator"], text["stack"], text.GetValueOrDefault("fitted_on", ""),
                numbers["gemm_efficiency"], numbers["attention_efficiency"], numbers["memory_efficiency"], numbers["vae_peak_tflops"], numbers["vae_efficiency"]));
        }

        return result;
    }

    private static string Where(string source, YamlNode node) => $"{source}:{node.Start.Line}:{node.Start.Column}";
}

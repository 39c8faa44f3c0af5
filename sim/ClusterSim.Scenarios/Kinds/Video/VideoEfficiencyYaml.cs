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
        =>
        [
            .. KernelEntryYaml.Parse(reader, source, s_numbers, ["gemm_efficiency", "attention_efficiency", "memory_efficiency", "vae_efficiency"])
                .Select(e => new VideoEfficiencyEntry(e.Accelerator, e.Stack, e.FittedOn, e.Numbers["gemm_efficiency"], e.Numbers["attention_efficiency"],
                    e.Numbers["memory_efficiency"], e.Numbers["vae_peak_tflops"], e.Numbers["vae_efficiency"])),
        ];
}

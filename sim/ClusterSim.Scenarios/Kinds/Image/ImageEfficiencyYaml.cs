namespace ClusterSim.Scenarios;

/// <summary>
/// Reads scenarios/catalog/efficiency-image.yaml: entries keyed `accelerator/stack` under `efficiency:`, each with the
/// factors of <see cref="ImageEfficiencyEntry"/>. A missing, unknown or non-numeric field is an error naming the source,
/// line and column (the file is embedded, so this guards edits to it).
/// </summary>
public static class ImageEfficiencyYaml
{
    private static readonly string[] s_numbers = ["unet_efficiency", "vae_efficiency"];

    public const string ResourceName = "catalog/efficiency-image.yaml";

    /// <summary>The embedded file's entries.</summary>
    public static IReadOnlyList<ImageEfficiencyEntry> Embedded()
    {
        var text = Catalog.Resource(ResourceName) ?? throw new InvalidOperationException($"the embedded {ResourceName} is missing");
        return Parse(new StringReader(text), ResourceName);
    }

    public static IReadOnlyList<ImageEfficiencyEntry> Parse(TextReader reader, string source)
        =>
        [
            .. KernelEntryYaml.Parse(reader, source, s_numbers, s_numbers)
                .Select(e => new ImageEfficiencyEntry(e.Accelerator, e.Stack, e.FittedOn, e.Numbers["unet_efficiency"], e.Numbers["vae_efficiency"])
                {
                    Precision = e.Precision,
                }),
        ];
}

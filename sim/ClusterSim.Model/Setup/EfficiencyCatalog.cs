using ClusterSim.Model.Performance;

namespace ClusterSim.Model.Setup;

/// <summary>
/// The calibrated efficiency factors (<c>scenarios/catalog/efficiency.yaml</c> and <c>efficiency-serving.yaml</c>, embedded in the
/// Scenarios assembly), looked up by accelerator and software stack. An accelerator without its
/// own calibration borrows the H100's factors for the same stack, and says so.
/// </summary>
public sealed class EfficiencyCatalog(IReadOnlyList<EfficiencyParams> entries)
{
    private const string ProxyAccelerator = "h100-sxm";

    private static readonly Lazy<EfficiencyCatalog> s_default = new(() =>
        new EfficiencyCatalog([.. Embedded("catalog/efficiency.yaml"), .. Embedded("catalog/efficiency-serving.yaml")]));

    public static EfficiencyCatalog Default => s_default.Value;

    public IReadOnlyList<EfficiencyParams> Entries => entries;

    private static IReadOnlyList<EfficiencyParams> Embedded(string name)
    {
        using var stream = typeof(Scenarios.ScenarioLoader).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the embedded {name} is missing");
        using var reader = new StreamReader(stream);
        return EfficiencyFile.Parse(reader, name);
    }

    public EfficiencyParams Find(string accelerator, string stack, out string? note)
    {
        note = null;
        var exact = entries.FirstOrDefault(e => e.Accelerator == accelerator && e.Stack == stack);
        if (exact is not null)
        {
            return exact;
        }

        var proxy = entries.FirstOrDefault(e => e.Accelerator == ProxyAccelerator && e.Stack == stack)
            ?? entries.FirstOrDefault(e => e.Accelerator == ProxyAccelerator)
            ?? throw new InvalidOperationException($"no efficiency entry for {accelerator}/{stack} and no {ProxyAccelerator} proxy");
        note = $"no calibration for {accelerator}/{stack}: using {proxy.Accelerator}/{proxy.Stack}'s efficiency factors (uncalibrated)";
        return proxy;
    }
}

using ClusterSim.Model.Performance;

namespace ClusterSim.Model.Setup;

/// <summary>
/// The calibrated efficiency factors (<c>scenarios/catalog/efficiency.yaml</c>, embedded in the
/// Scenarios assembly), looked up by accelerator and software stack. An accelerator without its
/// own calibration borrows the H100's factors for the same stack, and says so.
/// </summary>
public sealed class EfficiencyCatalog(IReadOnlyList<EfficiencyParams> entries)
{
    private const string ProxyAccelerator = "h100-sxm";

    private static readonly Lazy<EfficiencyCatalog> s_default = new(() =>
    {
        using var stream = typeof(Scenarios.ScenarioLoader).Assembly.GetManifestResourceStream("catalog/efficiency.yaml")
            ?? throw new InvalidOperationException("the embedded catalog/efficiency.yaml is missing");
        using var reader = new StreamReader(stream);
        return new EfficiencyCatalog(EfficiencyFile.Parse(reader, "catalog/efficiency.yaml"));
    });

    public static EfficiencyCatalog Default => s_default.Value;

    public IReadOnlyList<EfficiencyParams> Entries => entries;

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

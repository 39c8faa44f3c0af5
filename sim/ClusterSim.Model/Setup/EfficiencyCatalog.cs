using ClusterSim.Model.Performance;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Setup;

/// <summary>
/// The calibrated efficiency factors (<c>scenarios/catalog/efficiency.yaml</c> and <c>efficiency-serving.yaml</c>, embedded in the
/// Scenarios assembly), looked up by accelerator and software stack. Never a silent fallback: an accelerator
/// without its own fit of the named stack gets that stack's factors from the nearest fitted accelerator, applied
/// to its own peaks, bandwidth and links (the factors are fractions of peak, so this is a transfer by spec
/// ratios, with the compute and memory efficiencies moved by the two parts' measured matmul and bandwidth shares of
/// peak where the catalog has them), and the derivation says so; a stack no accelerator has a fit for is an error.
/// </summary>
public sealed class EfficiencyCatalog(IReadOnlyList<EfficiencyParams> entries)
{
    private static readonly Lazy<EfficiencyCatalog> _default = new(() =>
        new EfficiencyCatalog([.. Embedded("catalog/efficiency.yaml"), .. Embedded("catalog/efficiency-serving.yaml")]));

    public static EfficiencyCatalog Default => _default.Value;

    public IReadOnlyList<EfficiencyParams> Entries => entries;

    /// <summary>Stacks with at least one fitted entry, in file order.</summary>
    public IReadOnlyList<string> Stacks => entries.Select(e => e.Stack).Distinct().ToList();

    private static IReadOnlyList<EfficiencyParams> Embedded(string name)
    {
        using var stream = typeof(Scenarios.ScenarioLoader).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the embedded {name} is missing");
        using var reader = new StreamReader(stream);
        return EfficiencyFields.ToParams(EfficiencyYaml.Parse(reader, name));
    }

    /// <summary>
    /// The factors for <paramref name="stack"/> on <paramref name="accelerator"/>, with
    /// <see cref="EfficiencyParams.Derivation"/> empty when they are that pair's own fit. Otherwise (the result's
    /// <see cref="EfficiencyParams.Accelerator"/> then names the donor entry) the donor is
    /// the fitted accelerator of the same vendor (<paramref name="specOf"/> gives each accelerator's catalog entry)
    /// whose BF16 peak is closest in ratio, else the closest of any vendor. Throws <see cref="ArgumentException"/>
    /// for a stack with no fit at all. A deployment that multiplies at another arithmetic than the donor's efficiency
    /// was measured at (<paramref name="compute"/>: FP4 layers from an FP8 fit) moves straight from the donor's measured
    /// share at its precision to the target's at the deployment's where the target has no share at the donor's
    /// precision: that share cancels out of the two steps (donor to target, then the target's own two precisions), so
    /// the factor is the same, with one measurement fewer.
    /// </summary>
    public EfficiencyParams Resolve(string accelerator, string stack, Func<string, Scenarios.AcceleratorSpec?>? specOf = null, Precision? compute = null)
    {
        var exact = entries.FirstOrDefault(e => e.Accelerator == accelerator && e.Stack == stack);
        if (exact is not null)
        {
            return exact;
        }

        var candidates = entries.Where(e => e.Stack == stack).ToList();
        if (candidates.Count == 0)
        {
            var hint = Hardware.NameMatch.Nearest(stack, Stacks);
            throw new ArgumentException(
                $"no efficiency entry of stack '{stack}' for any accelerator: fitted stacks are {string.Join(", ", Stacks)}" +
                (hint is null ? "" : $"; did you mean '{hint}'?") +
                "; to use your own measurements, name a fitted stack and override its factors (execution_model: {name: roofline, stack: ..., compute_efficiency: ..., memory_efficiency: ..., iteration_overhead: ...})");
        }

        var target = specOf?.Invoke(accelerator);
        string? VendorOf(string key) => specOf?.Invoke(key)?.Vendor;
        double Distance(string key)
        {
            var a = target?.Tflops.GetValueOrDefault(Scenarios.Precision.Bf16) ?? 0;
            var b = specOf?.Invoke(key)?.Tflops.GetValueOrDefault(Scenarios.Precision.Bf16) ?? 0;
            return a > 0 && b > 0 ? Math.Abs(Math.Log(a / b)) : double.MaxValue;
        }

        var vendor = target?.Vendor;
        var sameVendor = vendor is null ? [] : candidates.Where(e => string.Equals(VendorOf(e.Accelerator), vendor, StringComparison.OrdinalIgnoreCase)).ToList();
        var donor = (sameVendor.Count > 0 ? sameVendor : candidates).OrderBy(e => Distance(e.Accelerator)).First();
        var crossVendor = sameVendor.Count == 0 && vendor is not null;

        // A kernel measurement, not a guess, and never one of the rows the model is checked on.
        var donorSpec = specOf?.Invoke(donor.Accelerator);
        Precision? measuredAt = PrecisionInfo.TryParse(donor.Precision, out var p) ? p : null;
        // Only where the two steps (by the shares at the donor's precision, then by the target's own two shares) lack the
        // target's share at the donor's precision: where it exists both routes give the same factor.
        var across = measuredAt is { } m && MeasuredShares.MatmulShareAt(target, m) is null
            ? MeasuredShares.AcrossArithmetic(accelerator, target, donor.Accelerator, donorSpec, measuredAt, compute)
            : null;
        var (ratio, shares) = across ?? MeasuredShares.Matmul(accelerator, target, donor.Accelerator, donorSpec, "compute efficiency", measuredAt);
        var (memoryRatio, bandwidth) = MeasuredShares.Bandwidth(accelerator, target, donor.Accelerator, donorSpec, "memory efficiency");
        var scaled = donor with
        {
            // Moved across arithmetics already: the compiler's step from the entry's precision to the deployment's is done.
            Precision = across is null ? donor.Precision : compute!.Value.Key(),
            ComputeEfficiency = MeasuredShares.Scale(donor.ComputeEfficiency, ratio),
            AttentionEfficiency = donor.AttentionEfficiency == 0 ? 0 : MeasuredShares.Scale(donor.AttentionEfficiency, ratio),
            MemoryEfficiency = MeasuredShares.Scale(donor.MemoryEfficiency, memoryRatio),
            // A kernel's fixed time is the kernel's on that part (its launch path, SM count and clocks): the attention
            // kernels timed on the donor are not moved to another part. Where the donor prices that time apart, the part's
            // own timed floor takes its place (the catalog's decode_attention); a donor whose fit holds it in its fixed
            // time per step keeps it there, and a part where none was timed prices none apart.
            AttentionLaunchSeconds = donor.AttentionLaunchSeconds > 0 && target?.DecodeAttention is { } own ? own.Seconds : 0,
        };
        var attentionNote = donor.AttentionLaunchSeconds == 0
            ? ""
            : target?.DecodeAttention is { } floor
                ? string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"; each layer's attention kernels' fixed time {floor.Seconds * 1e6:0.#} us, {accelerator}'s own (decode_attention: {floor.Source}), in place of the donor's {donor.AttentionLaunchSeconds * 1e6:0.#} us timed on {donor.Accelerator}")
                : string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"; the donor's attention kernels' fixed time ({donor.AttentionLaunchSeconds * 1e6:0.#} us a layer, timed on {donor.Accelerator}) is not carried: no attention kernel of {accelerator} was timed, so it is not priced apart");

        // The part's own measured link share, where the catalog has one, instead of the donor's: the donor's was fitted on
        // another fabric (the A100 fit on NVLink rings), and a link's reach depends on its fabric and library.
        var linkShare = "";
        if (target?.LinkShare is { } share && share != donor.LinkEfficiency)
        {
            scaled = scaled with { LinkEfficiency = share };
            linkShare = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"; link efficiency {share:0.###}, the share of {accelerator}'s scale-up rate a large all-reduce reaches (its catalog link_share; the entry's comment says whether it was measured on the part or estimated), instead of {donor.Accelerator}'s {donor.LinkEfficiency:0.###}");
        }

        // The part's own all-reduce benchmark, where the catalog has one, instead of the donor's link fit.
        var allReduce = "";
        if (target?.AllReduce is { } measured)
        {
            scaled = scaled with { InNodeAllReduce = new BusBandwidthCurve(measured.Bytes, measured.BusGbs, measured.Gpus, accelerator) };
            allReduce = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"; all-reduces over {measured.Gpus} {accelerator} in a node at its measured bus bandwidths (all_reduce: {Size(measured.Bytes[0])} to {Size(measured.Bytes[^1])}) instead of {donor.Accelerator}'s link fit (other group sizes keep it)");
        }

        // Accelerator stays the donor's key: the entry the factors come from.
        return scaled with
        {
            Derivation =
                $"no {accelerator}/{stack} fit: {donor.Accelerator}/{stack}'s factors (fractions of peak FLOP/s, bandwidth and link rate; " +
                $"fixed times as measured) applied to {accelerator}'s own peaks, bandwidth, memory and links" + shares + bandwidth + linkShare + allReduce + attentionNote +
                (crossVendor ? $"; the donor is another vendor's accelerator ({VendorOf(donor.Accelerator)}), so its stack's other kernel efficiencies and overheads are an assumption, not a measurement" : ""),
        };
    }

    private static string Size(double bytes)
    {
        var (value, unit) = bytes switch
        {
            >= 1 << 30 => (bytes / (1 << 30), "GiB"),
            >= 1 << 20 => (bytes / (1 << 20), "MiB"),
            >= 1 << 10 => (bytes / (1 << 10), "KiB"),
            _ => (bytes, "bytes"),
        };
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{value:G4} {unit}");
    }
}

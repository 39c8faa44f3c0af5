using System.Globalization;
using ClusterSim.Model.Hardware;
using Precision = ClusterSim.Scenarios.Precision;

namespace ClusterSim.Model.Performance;

/// <summary>
/// Calibration on the Splitwise measurements: maps the profile's names onto accelerators and models, fits one
/// parameter set per accelerator with <see cref="Calibrator"/>, checks it on the Llama2-70B TP 8 rows (in sample
/// and held out), and adds the trtllm-fp8 entry (kernel and single-request measurements, see
/// <see cref="TrtllmCalibration"/>). `clustersim calibrate` is a thin wrapper over <see cref="Run"/>.
/// </summary>
public static class SplitwiseCalibration
{
    /// <summary>The stack Splitwise measured: an FP16 serving stack of 2023 (calibration.md §1).</summary>
    public const string Stack = "splitwise-fp16";

    /// <summary>Rows that are the H100 rows x 1.3, not measurements (shared/README.md): never calibrated on.</summary>
    public const string SyntheticHardware = "h100-80gb-pcap";

    private static readonly CultureInfo _invariant = CultureInfo.InvariantCulture;

    /// <summary>The profile's `hardware` names and the accelerators they denote (DGX-A100 and DGX-H100 GPUs).</summary>
    public static IReadOnlyDictionary<string, AcceleratorSpec> Hardware { get; } = new Dictionary<string, AcceleratorSpec>
    {
        ["a100-80gb"] = ReferenceAccelerators.A100Sxm80,
        ["h100-80gb"] = ReferenceAccelerators.H100Sxm,
    };

    /// <summary>The profile's `model` names and the architectures they denote.</summary>
    public static IReadOnlyDictionary<string, LlmArchitecture> Models { get; } = new Dictionary<string, LlmArchitecture>
    {
        ["llama2-70b"] = ReferenceModels.Llama2_70B,
        ["bloom-176b"] = ReferenceModels.Bloom176B,
    };

    /// <summary>The Vidur collective profile file prefix for each profile hardware name.</summary>
    public static IReadOnlyDictionary<string, string> CollectiveProfiles { get; } = new Dictionary<string, string>
    {
        ["a100-80gb"] = "vidur_a100_dgx",
        ["h100-80gb"] = "vidur_h100_dgx",
    };

    /// <summary>The rows the issue's accuracy criterion names: Llama2-70B, TP 8, prompts 512 to 8192, batches 1 to 64.</summary>
    public static bool IsAcceptanceRow(SplitwiseRow row)
        => SplitwiseProfile.SameName(row.Model, "llama2-70b") && row.TensorParallel == 8
           && row.PromptSize is >= 512 and <= 8192 && row.BatchSize is >= 1 and <= 64;

    /// <summary>The deployment a row was measured on: FP16 weights, KV cache and activations at its TP degree.</summary>
    public static Deployment DeploymentFor(SplitwiseRow row)
    {
        if (!Hardware.TryGetValue(row.Hardware, out var accelerator))
        {
            throw new ArgumentException($"line {row.Line}: unknown hardware '{row.Hardware}'; known: {string.Join(", ", Hardware.Keys)}");
        }

        if (!Models.TryGetValue(row.Model, out var model))
        {
            throw new ArgumentException($"line {row.Line}: unknown model '{row.Model}'; known: {string.Join(", ", Models.Keys)}");
        }

        return new Deployment
        {
            Model = model,
            Accelerator = accelerator,
            WeightPrecision = Precision.Fp16,
            KvCachePrecision = Precision.Fp16,
            ActivationPrecision = Precision.Fp16,
            TensorParallel = row.TensorParallel,
        };
    }

    /// <summary>Each row as two measurements: the batch's prefill and its mean decode step.</summary>
    public static IReadOnlyList<MeasuredIteration> Measurements(SplitwiseProfile profile, Func<SplitwiseRow, bool> include)
    {
        var deployments = new Dictionary<(string, string, int), Deployment>();
        var result = new List<MeasuredIteration>();
        foreach (var row in profile.Rows)
        {
            if (!include(row))
            {
                continue;
            }

            var key = (row.Model, row.Hardware, row.TensorParallel);
            if (!deployments.TryGetValue(key, out var deployment))
            {
                deployments[key] = deployment = DeploymentFor(row);
            }

            var source = $"{profile.Source}:{row.Line}";
            result.Add(new MeasuredIteration(deployment, row.PrefillShape, row.PromptTimeMs * 1e-3, source));
            result.Add(new MeasuredIteration(deployment, row.MeanDecodeShape, row.TokenTimeMs * 1e-3, source));
        }

        return result;
    }

    /// <summary>Fits every measured accelerator in the profile and builds the trtllm-fp8 entry.</summary>
    /// <param name="profilePath">A Splitwise-format CSV.</param>
    /// <param name="collectivesDirectory">Folder with the Vidur `*_all_reduce.csv` files; null means the profile's folder.</param>
    public static CalibrationReport Run(string profilePath, string? collectivesDirectory = null)
    {
        var profile = SplitwiseProfile.Load(profilePath);
        collectivesDirectory ??= Path.GetDirectoryName(Path.GetFullPath(profilePath)) ?? ".";
        var lines = new List<string>();
        var entries = new List<CalibrationEntry>();
        var sources = new List<string> { $"{Path.GetFileName(profilePath)} (Mutinifni/splitwise-sim data/perf_model.csv, MIT)" };

        var skipped = profile.Rows.Where(r => !Hardware.ContainsKey(r.Hardware) || !Models.ContainsKey(r.Model))
            .GroupBy(r => r.Hardware == SyntheticHardware ? $"{r.Hardware} (synthetic: the H100 rows x 1.3)" : $"{r.Model}/{r.Hardware} (unknown)")
            .Select(g => $"{g.Key}: {g.Count()} rows");
        foreach (var skip in skipped)
        {
            lines.Add($"skipped {skip}");
        }

        EfficiencyParams? h100Fit = null;
        (double Latency, double Efficiency)? h100Collectives = null;
        foreach (var hardware in profile.Rows.Select(r => r.Hardware).Distinct().Where(Hardware.ContainsKey))
        {
            var accelerator = Hardware[hardware];
            var comments = new List<string>();
            var template = new EfficiencyParams
            {
                Accelerator = accelerator.Key,
                Stack = Stack,
                FittedOn = $"Splitwise iteration profile of {hardware} (Llama2-70B TP2/4/8, BLOOM-176B TP8, FP16, 2023 stack); Vidur NCCL all-reduces; H200 kernel probe (GEMM launch)",
                Precision = "fp16",
                GemmLaunchSeconds = GemmShapeEfficiency.LaunchSeconds, // measured on kernels, not fitted here
            };

            var allReducePath = Path.Combine(collectivesDirectory, CollectiveProfiles[hardware] + "_all_reduce.csv");
            (double Latency, double Efficiency)? collectives = null;
            if (File.Exists(allReducePath))
            {
                var table = CollectiveCostTable.Load(allReducePath);
                var fit = Calibrator.FitCollectives(table, accelerator);
                collectives = (fit.StepLatencySeconds, fit.LinkEfficiency);
                template = template with { LinkEfficiency = fit.LinkEfficiency };
                sources.Add($"{Path.GetFileName(allReducePath)} (microsoft/vidur data/profiling/network, MIT)");
                var text = Invariant($"link_efficiency {fit.LinkEfficiency:F3} from {fit.Points} single-node NCCL all-reduces >= 1 MiB in {Path.GetFileName(allReducePath)} ")
                           + Invariant($"(ring fit: step latency {fit.StepLatencySeconds * 1e6:F2} us, median error {fit.MedianError * 100:F1} %)");
                comments.Add(text);
                lines.Add($"{accelerator.Key}: {text}");
            }
            else
            {
                comments.Add($"link_efficiency 1: no collective profile at {allReducePath}");
                lines.Add($"{accelerator.Key}: no collective profile at {allReducePath}; link efficiency left at 1");
            }

            var rows = Measurements(profile, r => r.Hardware == hardware && Models.ContainsKey(r.Model));
            var result = Calibrator.Fit(rows, template);
            var acceptance = Measurements(profile, r => r.Hardware == hardware && IsAcceptanceRow(r));
            var inSample = Calibrator.Evaluate(acceptance.Where(m => !result.Rejected.Contains(m)), result.Parameters);

            // Held out: fit without the Llama2-70B TP 8 rows, then predict them.
            var heldOutFit = Calibrator.Fit(
                Measurements(profile, r => r.Hardware == hardware && Models.ContainsKey(r.Model)
                                           && !(SplitwiseProfile.SameName(r.Model, "llama2-70b") && r.TensorParallel == 8)),
                template);
            var heldOut = Calibrator.Evaluate(acceptance, heldOutFit.Parameters);

            var models = string.Join(", ", rows.Select(m => $"{m.Deployment.Model.Key} TP{m.Deployment.TensorParallel}").Distinct());
            comments.Add($"fitted on {result.RowsUsed} measurements ({result.RowsUsed / 2} rows x prefill and decode) of {hardware}: {models}");
            if (result.Rejected.Count > 0)
            {
                comments.Add($"left out {result.Rejected.Count} measurements faster than the physical bound (broken rows), CSV lines " +
                             string.Join(", ", result.Rejected.Select(r => r.Source.Split(':').Last()).Distinct()));
            }

            comments.Add($"all fitted rows: {result.Errors}");
            comments.Add($"Llama2-70B TP8, prompts 512-8192, batches 1-64: {inSample}");
            comments.Add($"same rows held out of the fit: {heldOut}");
            foreach (var group in rows.Where(m => !result.Rejected.Contains(m))
                         .GroupBy(m => $"{m.Deployment.Model.Key} TP{m.Deployment.TensorParallel}"))
            {
                comments.Add($"  {group.Key}: {Calibrator.Evaluate(group, result.Parameters)}");
            }

            entries.Add(new CalibrationEntry(result.Parameters, comments));
            lines.Add($"{accelerator.Key}/{Stack}: {Describe(result.Parameters)}");
            lines.AddRange(comments.Skip(1).Select(c => $"  {c}"));

            if (hardware == "h100-80gb")
            {
                h100Fit = result.Parameters;
                h100Collectives = collectives;
            }
        }

        if (entries.Count == 0)
        {
            throw new ArgumentException(
                $"{profilePath}: no rows of a known model ({string.Join(", ", Models.Keys)}) on known hardware ({string.Join(", ", Hardware.Keys)}) to calibrate on");
        }

        if (h100Fit is not null)
        {
            var (latency, efficiency) = h100Collectives ?? (h100Fit.CollectiveStepLatencySeconds, h100Fit.LinkEfficiency);
            var probe = TrtllmCalibration.ProbeMemoryEfficiency(Path.Combine(collectivesDirectory, "h100_gemm_bandwidth_probe.csv"));
            var (memory, memorySource) = probe ?? (h100Fit.MemoryEfficiency, "taken from the h100-sxm/splitwise-fp16 fit (no kernel probe beside the profile)");
            var trtllm = TrtllmCalibration.Fp8Entry(memory, memorySource, latency, efficiency);
            if (probe is not null)
            {
                sources.Add("h100_gemm_bandwidth_probe.csv (this project's kernel probe on an H100 80GB HBM3, 2026-11-28)");
            }

            foreach (var entry in new[] { trtllm, TrtllmCalibration.Bf16Entry(trtllm), TrtllmCalibration.PyTorchFp8Entry(trtllm) })
            {
                entries.Add(entry);
                lines.Add($"{entry.Parameters.Accelerator}/{entry.Parameters.Stack}: {Describe(entry.Parameters)}");
                lines.AddRange(entry.Comments.Select(c => $"  {c}"));
            }

            sources.AddRange(TrtllmCalibration.Sources);
        }

        return new CalibrationReport(entries, lines, sources);
    }

    internal static string Describe(EfficiencyParams p)
        => Invariant($"compute {p.ComputeEfficiency:F3}, memory {p.MemoryEfficiency:F3}, link {p.LinkEfficiency:F3}, ")
           + Invariant($"overhead {p.IterationOverheadSeconds * 1e3:F2} ms + {p.SequenceOverheadSeconds * 1e3:F3} ms/sequence + {p.PrefillOverheadSeconds * 1e3:F2} ms/prefill, ")
           + Invariant($"collective step {p.CollectiveStepLatencySeconds * 1e6:F2} us")
           + (p.ComputeSaturationTokens > 0 ? Invariant($", saturation {p.ComputeSaturationTokens:F0} tokens") : "");

    private static string Invariant(FormattableString text) => text.ToString(_invariant);
}

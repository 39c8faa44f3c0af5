using ClusterSim.Scenarios;

namespace ClusterSim.Model.Performance;

/// <summary>
/// Maps the efficiency file's entries (<see cref="EfficiencyYaml"/>, which reads and writes the YAML) to
/// <see cref="EfficiencyParams"/> and back: which file key is which parameter.
/// </summary>
public static class EfficiencyFields
{
    private static readonly Dictionary<string, (Func<EfficiencyParams, double> Get, Func<EfficiencyParams, double, EfficiencyParams> Set)> _map = new()
    {
        ["compute_efficiency"] = (p => p.ComputeEfficiency, (p, v) => p with { ComputeEfficiency = v }),
        ["compute_saturation_tokens"] = (p => p.ComputeSaturationTokens, (p, v) => p with { ComputeSaturationTokens = v }),
        ["attention_efficiency"] = (p => p.AttentionEfficiency, (p, v) => p with { AttentionEfficiency = v }),
        ["memory_efficiency"] = (p => p.MemoryEfficiency, (p, v) => p with { MemoryEfficiency = v }),
        ["iteration_overhead_s"] = (p => p.IterationOverheadSeconds, (p, v) => p with { IterationOverheadSeconds = v }),
        ["sequence_overhead_s"] = (p => p.SequenceOverheadSeconds, (p, v) => p with { SequenceOverheadSeconds = v }),
        ["prefill_overhead_s"] = (p => p.PrefillOverheadSeconds, (p, v) => p with { PrefillOverheadSeconds = v }),
        ["host_overlap"] = (p => p.HostOverlap, (p, v) => p with { HostOverlap = v }),
        ["gemm_launch_s"] = (p => p.GemmLaunchSeconds, (p, v) => p with { GemmLaunchSeconds = v }),
        ["attention_launch_s"] = (p => p.AttentionLaunchSeconds, (p, v) => p with { AttentionLaunchSeconds = v }),
        ["collective_step_latency_s"] = (p => p.CollectiveStepLatencySeconds, (p, v) => p with { CollectiveStepLatencySeconds = v }),
        ["link_efficiency"] = (p => p.LinkEfficiency, (p, v) => p with { LinkEfficiency = v }),
    };

    /// <summary>Validated parameters of parsed entries; an invalid one throws <see cref="FormatException"/> at the entry's location.</summary>
    public static IReadOnlyList<EfficiencyParams> ToParams(IReadOnlyList<EfficiencyEntry> entries)
    {
        var result = new List<EfficiencyParams>(entries.Count);
        foreach (var entry in entries)
        {
            var parameters = new EfficiencyParams { Accelerator = entry.Accelerator, Stack = entry.Stack, FittedOn = entry.FittedOn, Precision = entry.Precision, FittedSchedulerSteps = entry.SchedulerSteps, FittedEngineVersion = entry.EngineVersion };
            foreach (var (key, value) in entry.Values)
            {
                parameters = Field(key).Set(parameters, value);
            }

            try
            {
                parameters.Validate();
            }
            catch (ArgumentException e)
            {
                throw new FormatException($"{entry.Location}: {e.Message}", e);
            }

            result.Add(parameters);
        }

        return result;
    }

    /// <summary>The entries to write for a calibration.</summary>
    public static IReadOnlyList<EfficiencyEntry> ToEntries(CalibrationReport report)
        => report.Entries.Select(e => ToEntry(e.Parameters) with { Comments = e.Comments }).ToList();

    public static EfficiencyEntry ToEntry(EfficiencyParams p)
        => new(p.Accelerator, p.Stack, p.FittedOn, EfficiencyYaml.Fields.Select(f => new KeyValuePair<string, double>(f.Key, Field(f.Key).Get(p))).ToList()) { Precision = p.Precision, SchedulerSteps = p.FittedSchedulerSteps, EngineVersion = p.FittedEngineVersion };

    private static (Func<EfficiencyParams, double> Get, Func<EfficiencyParams, double, EfficiencyParams> Set) Field(string key)
        => _map.TryGetValue(key, out var field)
            ? field
            : throw new InvalidOperationException($"efficiency file key '{key}' has no EfficiencyParams property (EfficiencyYaml.Fields and EfficiencyFields disagree)");
}

using System.Globalization;
using ClusterSim.Model.Performance;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>
/// A run says how its own kind of deployment read against the published measurements (the shipped validation record):
/// the group is the one its part, stack and architecture give, and its figures are the record's, counted here from the
/// CSV file itself, not through the class that reads it.
/// </summary>
public sealed class ValidationNoteTests
{
    private static CompiledScenario Compile(string file, params string[] sets)
        => ScenarioCompiler.Compile(ScenarioLoader.Load(RepoPaths.File("scenarios", file), sets.ToList()));

    // The shipped record's checked throughput errors of one group, read straight from the file (no quoted field holds
    // these groups' names, and a row name's commas sit inside quotes, so the last nine fields split plainly).
    private static List<double> CheckedErrors(string accelerator, string stack, string architecture, string family)
    {
        var errors = new List<double>();
        foreach (var line in File.ReadLines(RepoPaths.File("scenarios", "catalog", "validation-record.csv")).Skip(1))
        {
            var cells = line.Split(',');
            var tail = cells[^9..];
            if (tail[0] == "check" && tail[1] == accelerator && tail[2] == stack && tail[3] == architecture && tail[5] == family && tail[8].Length > 0)
            {
                errors.Add(double.Parse(tail[8], CultureInfo.InvariantCulture));
            }
        }

        errors.Sort();
        return errors;
    }

    [Fact]
    public void A_checked_kind_of_deployment_names_its_group_and_the_records_median_for_it()
    {
        // Qwen3-235B on 8 H100s on TensorRT-LLM's PyTorch backend: a group of checks, all reading fast.
        var compiled = Compile("validation/trtllm-pytorch-qwen3-235b-8xh100.yaml");
        var e = Assert.Single(compiled.Setup.Execution);
        Assert.Equal("mixture of experts", e.Architecture);
        var group = Assert.Single(e.Validation);
        Assert.True(group.Exact);
        var errors = CheckedErrors("h100-sxm", "trtllm-pytorch-fp8", "mixture of experts", ValidationRecord.Throughput);
        Assert.True(errors.Count >= 10, $"the record holds {errors.Count} checked throughput figures of the group");
        var median = errors.Count % 2 == 1 ? errors[errors.Count / 2] : (errors[(errors.Count / 2) - 1] + errors[errors.Count / 2]) / 2;
        var throughput = group.Families.Single(f => f.Name == ValidationRecord.Throughput);
        Assert.Equal((errors.Count, median, errors[0], errors[^1]), (throughput.Figures, throughput.MedianError, throughput.MinError, throughput.MaxError));
        Assert.True(throughput.Optimistic(), "the group reads fast: the note says to read it as the best case");
        Assert.Contains(compiled.Notes, n => n.StartsWith("deployment 'engine': checked against published measurements of h100-sxm, trtllm-pytorch-fp8, mixture of experts", StringComparison.Ordinal)
                                             && n.Contains("its throughput reads high: read it as the best case", StringComparison.Ordinal));
        // The words capacity and plan print are the run's own note.
        Assert.Contains(e.ValidationNote, compiled.Notes);
    }

    [Fact]
    public void A_part_no_check_ran_on_gets_the_nearest_groups_and_says_so()
    {
        // No published row ran on an L40S; the note gives the stack's checks on other parts instead and says it.
        var compiled = Compile("calibration/mlperf-llama2-70b-offline.yaml", "hardware.nodes.dgx-h100.accelerator=l40s", "deployments.llama2-70b.tp=8", "deployments.llama2-70b.replicas=1");
        var e = Assert.Single(compiled.Setup.Execution);
        Assert.NotEmpty(e.Validation);
        Assert.All(e.Validation, m => Assert.False(m.Exact));
        Assert.Contains(e.Validation, m => m.Accelerator is null && m.Stack == "trtllm-fp8" && m.Parts.Contains("h100-sxm"));
        Assert.Contains(compiled.Notes, n => n.StartsWith("deployment 'llama2-70b': no published measurement of l40s, trtllm-fp8, dense was checked", StringComparison.Ordinal)
                                             && n.Contains("the nearest: trtllm-fp8, dense, on any part (", StringComparison.Ordinal));
    }

    [Fact]
    public void Another_kinds_pool_is_grouped_by_its_kinds_kernels()
    {
        // Wan2.1 on H100s: its pool has no text provenance; the note groups it as clustersim accuracy groups its checks.
        var compiled = Compile("validation/wan21-t2v-14b-h100.yaml");
        Assert.Empty(compiled.Setup.Execution);
        var note = Assert.Single(compiled.Notes, n => n.Contains("published measurements", StringComparison.Ordinal));
        Assert.StartsWith("deployment 'wan': checked against published measurements of h100-sxm, video kernels, video (1 configuration;", note, StringComparison.Ordinal);
        var errors = CheckedErrors("h100-sxm", "video kernels", "video", ValidationRecord.Latency);
        Assert.Equal(4, errors.Count);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"latency median {(errors[1] + errors[2]) / 2 * 100:+0.0;-0.0} % (from {errors[0] * 100:+0.0;-0.0} % to {errors[3] * 100:+0.0;-0.0} %, 4 figures)"), note, StringComparison.Ordinal);
    }
}

using ClusterSim.Scenarios;
using System.Globalization;
using ClusterSim.Model.Performance;
using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>
/// Calibration reproduces its own parameters: the committed parameter file is what calibrating the committed CSVs
/// gives, and calibrating timings generated from known factors gives those factors back.
/// (`clustersim calibrate` is a thin wrapper over <see cref="SplitwiseCalibration.Run"/> and
/// <see cref="EfficiencyYaml.Write"/>, which these tests call.)
/// </summary>
public sealed class CalibrationRoundTripTests(ITestOutputHelper output)
{
    [Fact]
    public void Calibrating_the_shipped_profiles_reproduces_the_committed_parameter_file()
    {
        var report = SplitwiseCalibration.Run(RepoFiles.SplitwiseProfile, RepoFiles.ProfilesFolder);
        var written = new StringWriter();
        EfficiencyYaml.Write(written, report.Sources, EfficiencyFields.ToEntries(report));

        var fresh = EfficiencyFields.ToParams(EfficiencyYaml.Parse(new StringReader(written.ToString()), "calibrate output"));
        var committed = EfficiencyFields.ToParams(EfficiencyYaml.Load(RepoFiles.EfficiencyFile));

        Assert.Equal(committed.Select(p => $"{p.Accelerator}/{p.Stack}"), fresh.Select(p => $"{p.Accelerator}/{p.Stack}"));
        foreach (var (expected, actual) in committed.Zip(fresh))
        {
            AssertSameFactors(expected, actual, relative: 1e-4);
        }
    }

    [Fact]
    public void Calibrating_timings_generated_from_known_factors_recovers_them()
    {
        var known = new Dictionary<string, EfficiencyParams>
        {
            ["a100-80gb"] = new()
            {
                Accelerator = "a100-80gb-sxm", Stack = SplitwiseCalibration.Stack, ComputeEfficiency = 0.62, MemoryEfficiency = 0.71,
                IterationOverheadSeconds = 0.012, SequenceOverheadSeconds = 2.5e-4, PrefillOverheadSeconds = 0.008,
                CollectiveStepLatencySeconds = 4e-6, LinkEfficiency = 1, GemmLaunchSeconds = GemmShapeEfficiency.LaunchSeconds,
            },
            ["h100-80gb"] = new()
            {
                Accelerator = "h100-sxm", Stack = SplitwiseCalibration.Stack, ComputeEfficiency = 0.45, MemoryEfficiency = 0.83,
                IterationOverheadSeconds = 0.007, SequenceOverheadSeconds = 1.2e-4, PrefillOverheadSeconds = 0.015,
                CollectiveStepLatencySeconds = 9e-6, LinkEfficiency = 1, GemmLaunchSeconds = GemmShapeEfficiency.LaunchSeconds,
            },
        };

        // Same (model, TP, prompt, batch, tokens) grid as the shipped profile, timings from the roofline with the
        // known factors. No collective profile in the folder, so link efficiency stays 1 as generated.
        var folder = Directory.CreateTempSubdirectory("clustersim-calibrate-");
        try
        {
            var csv = Path.Combine(folder.FullName, "synthetic_perf_model.csv");
            WriteSyntheticProfile(csv, known);

            var report = SplitwiseCalibration.Run(csv);
            var outFile = Path.Combine(folder.FullName, "efficiency.yaml");
            using (var writer = new StreamWriter(outFile))
            {
                EfficiencyYaml.Write(writer, report.Sources, EfficiencyFields.ToEntries(report));
            }

            var recovered = EfficiencyFields.ToParams(EfficiencyYaml.Load(outFile));
            foreach (var line in report.Lines)
            {
                output.WriteLine(line);
            }

            foreach (var expected in known.Values)
            {
                var actual = recovered.Single(p => p.Accelerator == expected.Accelerator && p.Stack == expected.Stack);
                AssertSameFactors(expected, actual, relative: 0.01);
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static void WriteSyntheticProfile(string path, IReadOnlyDictionary<string, EfficiencyParams> known)
    {
        var shipped = SplitwiseProfile.Load(RepoFiles.SplitwiseProfile);
        using var writer = new StreamWriter(path);
        writer.WriteLine("model,hardware,prompt_size,batch_size,token_size,peak_power,average_power,prompt_time,token_time,e2e_time,tensor_parallel");
        var grid = shipped.Rows.Where(r => known.ContainsKey(r.Hardware))
            .Select(r => (r.Model, r.Hardware, r.TensorParallel, r.PromptSize, r.BatchSize, r.TokenSize)).Distinct();
        foreach (var (model, hardware, tp, prompt, batch, tokens) in grid)
        {
            var row = new SplitwiseRow(model, hardware, tp, prompt, batch, tokens, 0, 0, 0, 0);
            var predictor = ExecutionModels.Create("roofline", new ExecutionModelContext
            {
                Deployment = SplitwiseCalibration.DeploymentFor(row), Efficiency = known[hardware],
            });
            var prefillMs = predictor.Predict(row.PrefillShape).Seconds * 1e3;
            var decodeMs = predictor.Predict(row.MeanDecodeShape).Seconds * 1e3;
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{model},{hardware},{prompt},{batch},{tokens},,,{prefillMs:R},{decodeMs:R},{prefillMs + tokens * decodeMs:R},{tp}"));
        }
    }

    private static void AssertSameFactors(EfficiencyParams expected, EfficiencyParams actual, double relative)
    {
        var name = $"{expected.Accelerator}/{expected.Stack}";
        Close(expected.ComputeEfficiency, actual.ComputeEfficiency, relative, 0, $"{name} compute_efficiency");
        Close(expected.MemoryEfficiency, actual.MemoryEfficiency, relative, 0, $"{name} memory_efficiency");
        Close(expected.LinkEfficiency, actual.LinkEfficiency, relative, 0, $"{name} link_efficiency");
        Close(expected.ComputeSaturationTokens, actual.ComputeSaturationTokens, relative, 1e-3, $"{name} compute_saturation_tokens");
        Close(expected.IterationOverheadSeconds, actual.IterationOverheadSeconds, relative, 1e-7, $"{name} iteration_overhead_s");
        Close(expected.SequenceOverheadSeconds, actual.SequenceOverheadSeconds, relative, 1e-8, $"{name} sequence_overhead_s");
        Close(expected.PrefillOverheadSeconds, actual.PrefillOverheadSeconds, relative, 1e-7, $"{name} prefill_overhead_s");
        Close(expected.HostOverlap, actual.HostOverlap, 0, 0, $"{name} host_overlap");
        Close(expected.CollectiveStepLatencySeconds, actual.CollectiveStepLatencySeconds, relative, 1e-9, $"{name} collective_step_latency_s");
    }

    private static void Close(double expected, double actual, double relative, double absolute, string what)
        => Assert.True(Math.Abs(expected - actual) <= Math.Max(absolute, relative * Math.Abs(expected)),
            $"{what}: expected {expected}, got {actual}");
}

using ClusterSim.Scenarios;
using System.Globalization;
using ClusterSim.Model.Performance;
using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>
/// The shipped predictors against the Splitwise measurements the issue names: Llama2-70B, TP 8, A100 and H100,
/// prompts 512 to 8192, batches 1 to 64. The roofline uses the committed parameter file, so this checks what users get.
/// </summary>
public sealed class SplitwiseAccuracyTests(ITestOutputHelper output)
{
    private const double Criterion = 0.15; // issue 4: median absolute error at most 15 % for prefill and for decode

    [Theory]
    [InlineData("a100-80gb")]
    [InlineData("h100-80gb")]
    public void Roofline_with_calibrated_factors_meets_the_median_error_criterion(string hardware)
    {
        var profile = SplitwiseProfile.Load(RepoFiles.SplitwiseProfile);
        var accelerator = SplitwiseCalibration.Hardware[hardware];
        var parameters = EfficiencyFields.ToParams(EfficiencyYaml.Load(RepoFiles.EfficiencyFile))
            .Single(p => p.Accelerator == accelerator.Key && p.Stack == SplitwiseCalibration.Stack);
        var rows = SplitwiseCalibration.Measurements(profile, r => r.Hardware == hardware && SplitwiseCalibration.IsAcceptanceRow(r));

        var errors = Calibrator.Evaluate(rows, parameters);

        output.WriteLine($"roofline, {accelerator.Key}/{parameters.Stack}, Llama2-70B TP8 rows: {errors}");

        // The rows repeat some grid points many times (prompt 512, batch 1 appears 45 times): the same errors per
        // distinct (phase, prompt, batch, tokens) point, each counted once, show what the row median hides.
        var perPoint = FitErrors.From(rows.GroupBy(r => (r.IsPrefill, r.Shape)).Select(g =>
            (g.Key.IsPrefill, Predict(g.First(), parameters), g.Average(r => r.Seconds))));
        output.WriteLine($"  per distinct grid point: {perPoint}");
        output.WriteLine($"  factors: {SplitwiseCalibration.Describe(parameters)}");
        PrintTable(rows, parameters);
        Assert.Equal(95, errors.PrefillRows); // 19 (prompt, batch, tokens) points x 5 repetitions
        Assert.True(errors.PrefillMedian <= Criterion, $"prefill median error {errors.PrefillMedian:P1} > 15 %");
        Assert.True(errors.DecodeMedian <= Criterion, $"decode median error {errors.DecodeMedian:P1} > 15 %");
    }

    [Theory]
    [InlineData("a100-80gb")]
    [InlineData("h100-80gb")]
    public void Roofline_fitted_without_the_llama_tp8_rows_still_predicts_them(string hardware)
    {
        // Out of sample: fit on Llama2-70B TP 2 and 4 and BLOOM-176B TP 8 only. The issue's 15 % criterion is
        // in sample; this guards the held-out figure (reported, not the criterion) against regressions at 20 %.
        var profile = SplitwiseProfile.Load(RepoFiles.SplitwiseProfile);
        var accelerator = SplitwiseCalibration.Hardware[hardware];
        var training = SplitwiseCalibration.Measurements(profile, r => r.Hardware == hardware
            && SplitwiseCalibration.Models.ContainsKey(r.Model) && !(r.Model == "llama2-70b" && r.TensorParallel == 8));
        var fit = Calibrator.Fit(training, new EfficiencyParams { Accelerator = accelerator.Key, Stack = "held-out" });
        var rows = SplitwiseCalibration.Measurements(profile, r => r.Hardware == hardware && SplitwiseCalibration.IsAcceptanceRow(r));

        var errors = Calibrator.Evaluate(rows, fit.Parameters);

        output.WriteLine($"held out, {accelerator.Key}: {errors}");
        output.WriteLine($"  factors fitted without them: {SplitwiseCalibration.Describe(fit.Parameters)}");
        Assert.True(errors.PrefillMedian <= 0.20 && errors.DecodeMedian <= 0.20);
    }

    [Theory]
    [InlineData("a100-80gb")]
    [InlineData("h100-80gb")]
    public void Profile_interpolation_reproduces_the_rows_it_was_built_from(string hardware)
    {
        var profile = SplitwiseProfile.Load(RepoFiles.SplitwiseProfile);
        var rows = SplitwiseCalibration.Measurements(profile, r => r.Hardware == hardware && SplitwiseCalibration.IsAcceptanceRow(r));
        var model = ExecutionModels.Create("profile", new ExecutionModelContext
        {
            Deployment = rows[0].Deployment, Profile = profile, ProfileModel = "llama2-70b", ProfileHardware = hardware,
        });

        var errors = FitErrors.From(rows.Select(r => (r.IsPrefill, model.Predict(r.Shape).Seconds, r.Seconds)));

        output.WriteLine($"profile, {hardware}: {errors}");

        // The measured grid points come back as their means; the spread of 5 repetitions stays.
        Assert.True(errors.PrefillMedian <= 0.05 && errors.DecodeMedian <= 0.05);
    }

    private static double Predict(MeasuredIteration row, EfficiencyParams parameters)
        => ExecutionModels.Create("roofline", new ExecutionModelContext { Deployment = row.Deployment, Efficiency = parameters })
            .Predict(row.Shape).Seconds;

    private void PrintTable(IReadOnlyList<MeasuredIteration> rows, EfficiencyParams parameters)
    {
        output.WriteLine("  phase   prompt|context batch reps measured ms predicted ms  error");
        var models = new Dictionary<Deployment, IExecutionModel>();
        foreach (var group in rows.GroupBy(r => (r.IsPrefill, r.Source.Split(':')[0], r.Shape)).Take(200))
        {
            var first = group.First();
            if (!models.TryGetValue(first.Deployment, out var model))
            {
                models[first.Deployment] = model = ExecutionModels.Create("roofline",
                    new ExecutionModelContext { Deployment = first.Deployment, Efficiency = parameters });
            }

            var measured = group.Average(r => r.Seconds);
            var predicted = model.Predict(first.Shape).Seconds;
            var shape = first.Shape;
            var batch = first.IsPrefill ? shape.PrefillSequences : shape.DecodeSequences;
            var size = first.IsPrefill ? shape.PrefillTokens / batch : shape.DecodeContextTokens / batch;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {(first.IsPrefill ? "prefill" : "decode "),-7} {size,14} {batch,5} {group.Count(),4} {measured * 1e3,11:F1} {predicted * 1e3,12:F1} {predicted / measured - 1,7:P1}"));
        }
    }
}

using ClusterSim.Model.Hardware;
using ClusterSim.Model.Performance;
using Precision = ClusterSim.Scenarios.Precision;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>The profile predictor: interpolating the Splitwise table for one model, hardware and TP degree.</summary>
public sealed class ProfileExecutionModelTests
{
    private static readonly SplitwiseProfile Profile = SplitwiseProfile.Load(RepoFiles.SplitwiseProfile);

    private static IExecutionModel Create(int tp, AcceleratorSpec accelerator, string hardware) => ExecutionModels.Create("profile", new ExecutionModelContext
    {
        Deployment = new Deployment
        {
            Model = ReferenceModels.Llama2_70B, Accelerator = accelerator, TensorParallel = tp,
            WeightPrecision = Precision.Fp16, KvCachePrecision = Precision.Fp16, ActivationPrecision = Precision.Fp16,
        },
        Profile = Profile,
        ProfileHardware = hardware,
    });

    [Fact]
    public void Grid_points_return_the_mean_of_their_measurements()
    {
        var model = Create(8, ReferenceAccelerators.H100Sxm, "h100-80gb");

        // calibration.md §1, Llama2-70B on 8x H100: prompt 512 batch 8 prefill 377.6 ms; prompt 8192 batch 1 848.4 ms.
        Assert.Equal(0.3776, model.Predict(IterationShape.Prefill(8, 512)).Seconds, 0.0005);
        Assert.Equal(0.8484, model.Predict(IterationShape.Prefill(1, 8192)).Seconds, 0.0005);

        // Decode at batch 64 after a 512-token prompt, 128 tokens: 49.99 ms per step.
        Assert.Equal(0.04999, model.Predict(IterationShape.Decode(64, 512 + 64)).Seconds, 0.0001);
    }

    [Fact]
    public void Between_grid_points_time_lies_between_the_neighbours()
    {
        var model = Create(8, ReferenceAccelerators.A100Sxm80, "a100-80gb");
        var at2048 = model.Predict(IterationShape.Prefill(1, 2048)).Seconds;
        var at4096 = model.Predict(IterationShape.Prefill(1, 4096)).Seconds;
        Assert.InRange(model.Predict(IterationShape.Prefill(1, 3000)).Seconds, at2048, at4096);
    }

    [Fact]
    public void Rows_faster_than_the_physical_bound_are_ignored_and_reported()
    {
        // Splitwise's TP 2, batch 64 prefills (796 ms on A100) are faster than 64 x 512 tokens at peak FLOP/s
        // on two A100s: 2 x 68.98e9 x 32,768 / 2 / 312e12 = 7.2 s. They are broken rows.
        var model = Create(2, ReferenceAccelerators.A100Sxm80, "a100-80gb");
        Assert.Contains(model.Notes, n => n.Contains("ignored 5 rows faster than the physical bound"));
        Assert.True(model.Predict(IterationShape.Prefill(64, 512)).Seconds > 7.2);
    }

    [Fact]
    public void A_combination_the_profile_lacks_is_a_clear_error_with_a_suggestion()
    {
        var error = Assert.Throws<ArgumentException>(() => Create(16, ReferenceAccelerators.H100Sxm, "h100-80gb"));
        Assert.Contains("no rows for model 'llama-2-70b', hardware 'h100-80gb', tensor_parallel 16", error.Message);
        Assert.Contains("llama2-70b/h100-80gb/tp8", error.Message);
    }

    [Fact]
    public void A_malformed_profile_row_names_file_line_and_column()
    {
        var csv = "model,hardware,prompt_size,batch_size,token_size,peak_power,average_power,prompt_time,token_time,e2e_time,tensor_parallel\n" +
                  "llama2-70b,a100-80gb,512,1,128,1,0.7,95.1,44.9,7000,8\n" +
                  "llama2-70b,a100-80gb,512,-1,128,1,0.7,95.1,44.9,7000,8\n";
        var error = Assert.Throws<FormatException>(() => SplitwiseProfile.Parse(new StringReader(csv), "perf.csv"));
        Assert.Equal("perf.csv:3:26: expected a positive whole number, found -1", error.Message);
    }
}

using ClusterSim.Model.Performance;

namespace ClusterSim.Model.Tests.Contracts;

/// <summary>
/// What every execution model must do. Derive from it with your predictor in <see cref="Create"/>: every iteration
/// takes a positive, finite time, and more tokens never take less time (prefill in prompt length, decode in batch);
/// one that says where a step's time goes (<see cref="IStepBreakdown"/>) gives parts that are never negative and add up
/// to the step it times.
/// </summary>
public abstract class ExecutionModelContract
{
    protected abstract IEnumerable<IExecutionModel> Create();

    /// <summary>Relative dip allowed between neighbouring sizes: 0 for an analytic model; a measured table may carry its noise.</summary>
    protected virtual double Tolerance(IExecutionModel model) => 0;

    private static readonly long[] Prompts = [16, 64, 256, 1024, 4096];
    private static readonly long[] Batches = [1, 2, 4, 8, 16, 32, 64];

    [Fact]
    public void Step_times_are_positive_and_finite()
    {
        foreach (var model in Create())
        {
            foreach (var shape in Prompts.Select(p => IterationShape.Prefill(1, p)).Concat(Batches.Select(b => IterationShape.Decode(b, b * 512))))
            {
                var seconds = model.Predict(shape).Seconds;
                Assert.True(seconds > 0 && double.IsFinite(seconds), $"'{model.Name}' predicted {seconds} s for {shape}");
            }
        }
    }

    [Fact]
    public void A_breakdown_has_no_negative_part_and_adds_up_to_the_step()
    {
        foreach (var model in Create().Where(m => m is IStepBreakdown))
        {
            foreach (var shape in Prompts.Select(p => IterationShape.Prefill(1, p) + IterationShape.Decode(32, 2048)).Concat(Batches.Select(b => IterationShape.Decode(b, b * 512))))
            {
                var seconds = model.Predict(shape).Seconds;
                var parts = ((IStepBreakdown)model).Breakdown(shape);
                Assert.All(parts.Parts, p => Assert.True(p.Seconds >= 0, $"'{model.Name}': part {p.Name} is {p.Seconds} s for {shape}"));
                Assert.True(Math.Abs(parts.Seconds - seconds) <= 1e-9 * seconds, $"'{model.Name}': parts add up to {parts.Seconds} s, the step is {seconds} s, for {shape}");
                Assert.InRange(parts.BoundSeconds, 0, seconds);
            }
        }
    }

    [Fact]
    public void More_tokens_never_take_less_time()
    {
        foreach (var model in Create())
        {
            var prefill = Prompts.Select(p => model.Predict(IterationShape.Prefill(1, p)).Seconds).ToList();
            var decode = Batches.Select(b => model.Predict(IterationShape.Decode(b, b * 512)).Seconds).ToList();
            var slack = 1 - Tolerance(model);
            Assert.True(prefill.Zip(prefill.Skip(1)).All(p => p.Second >= p.First * slack), $"'{model.Name}' prefill times fall: {string.Join(", ", prefill)}");
            Assert.True(decode.Zip(decode.Skip(1)).All(p => p.Second >= p.First * slack), $"'{model.Name}' decode times fall: {string.Join(", ", decode)}");
        }
    }
}

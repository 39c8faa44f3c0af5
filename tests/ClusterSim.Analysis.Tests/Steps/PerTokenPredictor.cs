using ClusterSim.Model.Performance;

namespace ClusterSim.Analysis.Tests.Steps;

/// <summary>A predictor with step times but no parts (as a researcher's own might be): 1 ms per token.</summary>
public sealed class PerTokenPredictor(ExecutionModelContext context) : IExecutionModel
{
    public Deployment Deployment { get; } = context.Deployment;

    public string Name => typeof(PerTokenPredictor).FullName!;

    public IReadOnlyList<string> Notes { get; } = ["a test predictor: 1 ms per token"];

    public IterationCost Predict(in IterationShape shape) => new() { Seconds = 1e-3 * shape.Tokens };
}

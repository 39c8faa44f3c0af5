using ClusterSim.Model.Performance;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>
/// A researcher's own predictor, defined outside the product: every iteration takes a fixed time per token, set by
/// the scenario's `ms_per_token` option (1 ms without it).
/// </summary>
public sealed class ConstantPredictor : IExecutionModel
{
    private readonly double _secondsPerToken;

    public ConstantPredictor(ExecutionModelContext context)
    {
        _secondsPerToken = context.Options.TryGetValue("ms_per_token", out var text) ? double.Parse(text, System.Globalization.CultureInfo.InvariantCulture) * 1e-3 : 1e-3;
        Deployment = context.Deployment;
    }

    public Deployment Deployment { get; }

    public string Name => typeof(ConstantPredictor).FullName!;

    public IReadOnlyList<string> Notes { get; } = ["a test predictor: a fixed time per token"];

    public IterationCost Predict(in IterationShape shape) => new() { Seconds = _secondsPerToken * shape.Tokens };
}

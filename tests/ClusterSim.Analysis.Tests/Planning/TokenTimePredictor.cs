using System.Globalization;
using ClusterSim.Model.Performance;

namespace ClusterSim.Analysis.Tests.Planning;

/// <summary>
/// An iteration takes a fixed time per token and nothing else (scenario option <c>us_per_token</c>):
/// with one sequence at a time and one output token, a request's service time is its prompt length
/// times that, which turns a scenario into a textbook queue.
/// </summary>
public sealed class TokenTimePredictor(ExecutionModelContext context) : IExecutionModel
{
    private readonly double _secondsPerToken = double.Parse(context.Options["us_per_token"], CultureInfo.InvariantCulture) * 1e-6;

    public Deployment Deployment { get; } = context.Deployment;

    public string Name => typeof(TokenTimePredictor).FullName!;

    public IReadOnlyList<string> Notes { get; } = ["a test predictor: a fixed time per token"];

    public IterationCost Predict(in IterationShape shape) => new() { Seconds = _secondsPerToken * shape.Tokens };
}

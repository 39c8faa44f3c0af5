using System.Globalization;
using ClusterSim.Model.Performance;

namespace ClusterSim.Model.Tests.Serving.Facility;

/// <summary>
/// A predictor with hand-checkable phases, named by type in test scenarios: prompt tokens take
/// `prefill_ms_per_token` each and are wholly compute-bound; a decode step takes `decode_ms` and is
/// wholly memory-bound.
/// </summary>
public sealed class PhasePredictor : IExecutionModel
{
    private readonly double _prefillSecondsPerToken;
    private readonly double _decodeSeconds;

    public PhasePredictor(ExecutionModelContext context)
    {
        Deployment = context.Deployment;
        _prefillSecondsPerToken = double.Parse(context.Options["prefill_ms_per_token"], CultureInfo.InvariantCulture) * 1e-3;
        _decodeSeconds = double.Parse(context.Options["decode_ms"], CultureInfo.InvariantCulture) * 1e-3;
    }

    public Deployment Deployment { get; }

    public string Name => typeof(PhasePredictor).FullName!;

    public IReadOnlyList<string> Notes { get; } = [];

    public IterationCost Predict(in IterationShape shape)
    {
        var prefill = _prefillSecondsPerToken * shape.PrefillTokens;
        var decode = shape.DecodeSequences > 0 ? _decodeSeconds : 0;
        return new IterationCost { Seconds = prefill + decode, ComputeSeconds = prefill, MemorySeconds = decode };
    }
}

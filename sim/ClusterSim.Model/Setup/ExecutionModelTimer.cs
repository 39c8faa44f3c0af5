using ClusterSim.Model.Performance;
using ClusterSim.Model.Serving;

namespace ClusterSim.Model.Setup;

/// <summary>Adapts an execution-time predictor to the replica's iteration seam.</summary>
public sealed class ExecutionModelTimer(IExecutionModel model) : IIterationTimer, IComputeBoundShare
{
    public IExecutionModel Model => model;

    /// <summary>The last prediction, for power models that want its compute and memory shares.</summary>
    public IterationCost Last { get; private set; }

    /// <summary>The share of the last iteration the matrix units were busy (<see cref="IterationCost.ComputeBusyFraction"/>).</summary>
    public double LastComputeBoundFraction => Last.ComputeBusyFraction;

    /// <summary>Compute time over compute plus memory time of the last iteration.</summary>
    public double LastComputeIntensity
        => Last.ComputeSeconds + Last.MemorySeconds > 0 ? Last.ComputeSeconds / (Last.ComputeSeconds + Last.MemorySeconds) : 0;

    public long IterationNs(in BatchShape shape)
    {
        var iteration = new IterationShape
        {
            PrefillTokens = shape.PrefillTokens,
            PrefillSequences = shape.PrefillSequences,
            PrefillAttentionPairs = (long)shape.PrefillAttentionPairs,
            DecodeSequences = shape.DecodeSequences,
            DecodeContextTokens = shape.DecodeContextTokens,
        };
        Last = model.Predict(in iteration);
        return Math.Max(1, Last.DurationNs);
    }
}

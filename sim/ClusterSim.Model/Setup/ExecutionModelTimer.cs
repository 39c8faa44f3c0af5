using ClusterSim.Model.Performance;
using ClusterSim.Model.Serving;

namespace ClusterSim.Model.Setup;

/// <summary>
/// Adapts an execution-time predictor to the replica's iteration seam. A step scale other than 1 (the scenario's
/// <c>execution_model.step_scale</c>, a what-if on the model's own error) multiplies every step it hands the replica;
/// shares and parts are fractions of the step, so they stand as predicted.
/// </summary>
public sealed class ExecutionModelTimer : IIterationTimer, IComputeBoundShare, IIterationParts
{
    private readonly IExecutionModel _model;

    // Asked once, not per run: whether the model predicts decode runs in one pass, and whether it has parts.
    private readonly IDecodeRunPredictor? _decodeRun;
    private readonly IStepBreakdown? _breakdown;

    public ExecutionModelTimer(IExecutionModel model, double stepScale = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!(stepScale is > 0 and <= MaxStepScale))
        {
            throw new ArgumentOutOfRangeException(nameof(stepScale), stepScale, $"a step scale is a positive factor of at most {MaxStepScale}");
        }

        _model = model;
        _decodeRun = model as IDecodeRunPredictor;
        _breakdown = model as IStepBreakdown;
        StepScale = stepScale;
    }

    /// <summary>The largest step scale accepted (the scenario schema's bound too): far past any model's error.</summary>
    public const double MaxStepScale = 100;

    public IExecutionModel Model => _model;

    /// <summary>The factor every predicted step is multiplied by (1: as predicted).</summary>
    public double StepScale { get; }

    /// <summary>The last single iteration predicted (<see cref="IterationNs"/>; timing a roofline decode run leaves it at the step the replica predicted before it, the run's first, while other models' runs step through IterationNs and leave their last), for power models that want its compute and memory shares.</summary>
    public IterationCost Last { get; private set; }

    /// <summary>The share of the last iteration the matrix units were busy (<see cref="IterationCost.ComputeBusyFraction"/>).</summary>
    public double LastComputeBoundFraction => Last.ComputeBusyFraction;

    /// <summary>The share of the last iteration the memory system streamed (<see cref="IterationCost.MemoryBusyFraction"/>).</summary>
    public double LastMemoryBoundFraction => Last.MemoryBusyFraction;

    /// <summary>Compute time over compute plus memory time of the last iteration.</summary>
    public double LastComputeIntensity
        => Last.ComputeSeconds + Last.MemorySeconds > 0 ? Last.ComputeSeconds / (Last.ComputeSeconds + Last.MemorySeconds) : 0;

    public void DecodeRunNs(in BatchShape first, Span<long> durationsNs)
    {
        if (_decodeRun is null)
        {
            var step = first;
            for (var j = 0; j < durationsNs.Length; j++)
            {
                durationsNs[j] = IterationNs(in step);
                step.AdvanceDecode(1);
            }

            return;
        }

        var shape = ToShape(in first);
        Last = _model.Predict(in shape);
        _decodeRun.PredictDecodeRun(in shape, durationsNs);
        for (var j = 0; j < durationsNs.Length; j++)
        {
            durationsNs[j] = Scaled(Math.Max(1, durationsNs[j]));
        }
    }

    public int DecodeRunEnds(in BatchShape first, Span<long> endsNs, long startNs, long maxRunNs)
    {
        // A scaled step has no one-pass form: the durations, scaled, then their ends.
        if (_decodeRun is null || StepScale != 1)
        {
            DecodeRunNs(in first, endsNs);
            return Performance.DecodeRunEnds.Accumulate(endsNs, startNs, maxRunNs);
        }

        // Last is left as IterationNs set it: a run's shares are those of its first step, which the replica times
        // (and reads the shares of) before it times the run; predicting that step again here cost a fifth of a
        // decode run's start.
        var shape = ToShape(in first);
        return _decodeRun.PredictDecodeRunEnds(in shape, endsNs, startNs, maxRunNs);
    }

    public bool HasParts => _breakdown is not null;

    public IReadOnlyList<string> PartNames => StepBreakdown.PartNames;

    public bool TryShares(in BatchShape shape, Span<double> shares)
    {
        if (_breakdown is null)
        {
            return false;
        }

        var parts = _breakdown.Breakdown(ToShape(in shape));
        var total = parts.Seconds;
        if (!(total > 0))
        {
            return false;
        }

        parts.CopyTo(shares);
        for (var i = 0; i < StepBreakdown.PartNames.Count; i++)
        {
            shares[i] /= total;
        }

        return true;
    }

    public long IterationNs(in BatchShape shape)
    {
        var iteration = ToShape(in shape);
        Last = _model.Predict(in iteration);
        return Scaled(Math.Max(1, Last.DurationNs));
    }

    // Whole nanoseconds, rounded up as IterationCost.DurationNs rounds a prediction; identity at scale 1.
    private long Scaled(long ns) => StepScale == 1 ? ns : Math.Max(1, (long)Math.Ceiling(ns * StepScale));

    private static IterationShape ToShape(in BatchShape shape) => new IterationShape
        {
            PrefillTokens = shape.PrefillTokens,
            PrefillSequences = shape.PrefillSequences,
            PrefillAttentionPairs = (long)shape.PrefillAttentionPairs,
            DecodeSequences = shape.DecodeSequences,
            DecodeContextTokens = shape.DecodeContextTokens,
            DecodeSkippedTokens = shape.DecodeSkippedTokens,
            DecodeSkippedGrowth = shape.DecodeSkippedGrowth,
            DecodeSharedPairs = shape.DecodeSharedPairs,
        };
}

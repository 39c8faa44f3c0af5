using ClusterSim.Model.Hardware;

namespace ClusterSim.Model.Performance;

/// <summary>
/// The default predictor: an analytic roofline from the accelerator's peaks and the model's shape, scaled by a few
/// calibrated efficiencies.
/// <code>
/// stage      = max(FLOPs / (peak x eff_c(n)), bytes / (bandwidth x eff_m)) + tensor-parallel all-reduces
/// iteration  = overhead + (m + p - 1) x stage + (p - 1) x send/recv
/// eff_c(n)   = eff_c,max x n / (n + n_half)          (n tokens per micro-batch; n_half = 0: constant)
/// overhead   = fixed + per-sequence x sequences + (prefill present ? prefill overhead : 0)
/// </code>
/// with p pipeline stages and m micro-batches per iteration (GPipe-style fill and drain, forward only). With every
/// efficiency at most 1 the result can never fall below the physical bound (all FLOPs at peak, all bytes at peak
/// bandwidth): compute and memory time only ever grow from it.
/// </summary>
internal sealed class RooflineExecutionModel : IExecutionModel
{
    private readonly WorkModel _work;
    private readonly EfficiencyParams _efficiency;
    private readonly ICollectiveCost _collectives;
    private readonly bool _tensorGroupSpansNodes;
    private readonly int _pipelineStages;
    private readonly int _microBatches;
    private readonly int _intraNodeBoundaries;
    private readonly int _crossNodeBoundaries;

    public RooflineExecutionModel(ExecutionModelContext context)
    {
        var deployment = context.Deployment;
        _efficiency = context.Efficiency ?? throw new ArgumentException(
            $"the roofline predictor needs efficiency factors for accelerator '{deployment.Accelerator.Key}' " +
            "(an entry of scenarios/catalog/efficiency.yaml); none was given");
        _efficiency.Validate();
        _work = new WorkModel(deployment);
        var notes = new List<string>(_work.Notes);

        var tp = deployment.TensorParallel;
        var perNode = deployment.AcceleratorsPerNode;
        _pipelineStages = deployment.PipelineParallel;
        _microBatches = deployment.PipelineMicroBatches;
        _tensorGroupSpansNodes = tp > perNode;

        // Pipeline boundaries: stages are packed onto nodes in order, so a boundary crosses nodes every
        // (perNode / tp) stages, or always when one stage already spans nodes.
        var stagesPerNode = _tensorGroupSpansNodes ? 1 : Math.Max(1, perNode / tp);
        _crossNodeBoundaries = _tensorGroupSpansNodes
            ? _pipelineStages - 1
            : (_pipelineStages + stagesPerNode - 1) / stagesPerNode - 1;
        _intraNodeBoundaries = _pipelineStages - 1 - _crossNodeBoundaries;

        var accelerator = deployment.Accelerator;
        var needsScaleOut = _tensorGroupSpansNodes || _crossNodeBoundaries > 0;
        var needsIntraNode = (tp > 1 && !_tensorGroupSpansNodes) || _intraNodeBoundaries > 0;
        if (needsScaleOut && accelerator.ScaleOut is null)
        {
            throw new ArgumentException(
                $"deployment of {deployment.Accelerators} x '{accelerator.Key}' spans nodes of {perNode}, " +
                "but the accelerator has no scale-out link (scale_out) to cross them");
        }

        if (needsIntraNode && accelerator.IntraNodeLink is null)
        {
            throw new ArgumentException(
                $"accelerator '{accelerator.Key}' has neither a scale-up nor a host link, so tensor or pipeline parallelism inside a node is impossible");
        }

        if (context.Collectives is { } measured)
        {
            if (!measured.SupportsAllReduce(tp, _tensorGroupSpansNodes))
            {
                throw new ArgumentException(
                    $"the collective profile has no all-reduce of {tp} ranks{(_tensorGroupSpansNodes ? " across nodes" : " in one node")}");
            }

            _collectives = measured;
            notes.Add("collective costs from the measured collective profile");
        }
        else
        {
            var intra = accelerator.IntraNodeLink ?? accelerator.ScaleOut ?? new LinkSpec("none", double.PositiveInfinity);
            _collectives = new RingCollectiveCost(
                intra, accelerator.ScaleOut, _efficiency.LinkEfficiency, _efficiency.CollectiveStepLatencySeconds);
        }

        if (deployment.Accelerator.ScaleUp is null && tp > 1 && !_tensorGroupSpansNodes)
        {
            notes.Add($"'{accelerator.Key}' has no scale-up link: tensor-parallel all-reduces run over {accelerator.HostLink?.Kind}");
        }

        var weightsPerDevice = _work.WeightBytesPerPass(double.PositiveInfinity);
        if (weightsPerDevice > accelerator.HbmBytes)
        {
            notes.Add(
                $"weights alone need {weightsPerDevice / 1e9:F1} GB per accelerator, more than its {accelerator.HbmBytes / 1e9:F1} GB: " +
                "the deployment does not fit as specified");
        }

        Notes = notes;
    }

    public string Name => ExecutionModels.RooflineName;

    public IReadOnlyList<string> Notes { get; }

    /// <summary>
    /// Durations (ns, rounded up as <see cref="IterationCost.DurationNs"/>) of consecutive decode-only
    /// iterations, the first <paramref name="first"/>, each next one with every sequence's context one
    /// token longer. Bit-identical to calling <see cref="Predict"/> per step: the same expressions in the
    /// same order, with everything that cannot change over the run computed once.
    /// </summary>
    public void PredictDecodeRun(in IterationShape first, Span<long> durationsNs)
    {
        var tokens = first.Tokens;
        if (tokens <= 0 || first.PrefillTokens != 0)
        {
            var step = first;
            for (var j = 0; j < durationsNs.Length; j++)
            {
                durationsNs[j] = Predict(step).DurationNs;
                step = step with { DecodeContextTokens = step.DecodeContextTokens + step.DecodeSequences };
            }

            return;
        }

        var m = (int)Math.Min(_microBatches, tokens);
        var p = _pipelineStages;
        var tokensPerMicroBatch = (double)tokens / m;
        var weightPart = m * _work.WeightBytesPerPass(tokensPerMicroBatch);
        var computeEfficiency = _efficiency.ComputeEfficiency;
        if (_efficiency.ComputeSaturationTokens > 0)
        {
            computeEfficiency *= tokensPerMicroBatch / (tokensPerMicroBatch + _efficiency.ComputeSaturationTokens);
        }

        var peak = _work.PeakFlops * computeEfficiency;
        var bandwidth = _work.BytesPerSecond * _efficiency.MemoryEfficiency;
        var payload = tokensPerMicroBatch * _work.HiddenBytesPerToken;
        var collectivePerMicroBatch = _work.AllReducesPerStage == 0
            ? 0
            : _work.AllReducesPerStage * _collectives.AllReduceSeconds(payload, _work.TensorParallel, _tensorGroupSpansNodes);
        var sendRecv = 0.0;
        if (_intraNodeBoundaries > 0)
        {
            sendRecv += _intraNodeBoundaries * _collectives.SendRecvSeconds(payload, crossNode: false);
        }

        if (_crossNodeBoundaries > 0)
        {
            sendRecv += _crossNodeBoundaries * _collectives.SendRecvSeconds(payload, crossNode: true);
        }

        var overhead = _efficiency.IterationOverheadSeconds
                       + _efficiency.SequenceOverheadSeconds * first.Sequences
                       + (first.PrefillSequences > 0 ? _efficiency.PrefillOverheadSeconds : 0);
        var slots = m + p - 1;
        var shape = first;
        for (var j = 0; j < durationsNs.Length; j++)
        {
            var flops = _work.Flops(shape);
            var bytes = weightPart + _work.StreamBytes(shape);
            var stage = Math.Max(flops / m / peak, bytes / m / bandwidth) + collectivePerMicroBatch;
            var seconds = overhead + slots * stage + sendRecv;
            durationsNs[j] = seconds <= 0 ? 0 : (long)Math.Ceiling(seconds * 1e9);
            shape = shape with { DecodeContextTokens = shape.DecodeContextTokens + shape.DecodeSequences };
        }
    }

    public IterationCost Predict(in IterationShape shape)
    {
        var tokens = shape.Tokens;
        if (tokens <= 0)
        {
            return default;
        }

        // A batch cannot split into more micro-batches than it has tokens.
        var m = (int)Math.Min(_microBatches, tokens);
        var p = _pipelineStages;
        var tokensPerMicroBatch = (double)tokens / m;

        var flops = _work.Flops(shape);
        var bytes = m * _work.WeightBytesPerPass(tokensPerMicroBatch) + _work.StreamBytes(shape);

        var computeEfficiency = _efficiency.ComputeEfficiency;
        if (_efficiency.ComputeSaturationTokens > 0)
        {
            computeEfficiency *= tokensPerMicroBatch / (tokensPerMicroBatch + _efficiency.ComputeSaturationTokens);
        }

        var computePerMicroBatch = flops / m / (_work.PeakFlops * computeEfficiency);
        var memoryPerMicroBatch = bytes / m / (_work.BytesPerSecond * _efficiency.MemoryEfficiency);

        var payload = tokensPerMicroBatch * _work.HiddenBytesPerToken;
        var collectivePerMicroBatch = _work.AllReducesPerStage == 0
            ? 0
            : _work.AllReducesPerStage * _collectives.AllReduceSeconds(payload, _work.TensorParallel, _tensorGroupSpansNodes);
        var stage = Math.Max(computePerMicroBatch, memoryPerMicroBatch) + collectivePerMicroBatch;

        var sendRecv = 0.0;
        if (_intraNodeBoundaries > 0)
        {
            sendRecv += _intraNodeBoundaries * _collectives.SendRecvSeconds(payload, crossNode: false);
        }

        if (_crossNodeBoundaries > 0)
        {
            sendRecv += _crossNodeBoundaries * _collectives.SendRecvSeconds(payload, crossNode: true);
        }

        var overhead = _efficiency.IterationOverheadSeconds
                       + _efficiency.SequenceOverheadSeconds * shape.Sequences
                       + (shape.PrefillSequences > 0 ? _efficiency.PrefillOverheadSeconds : 0);
        var slots = m + p - 1;

        return new IterationCost
        {
            Seconds = overhead + slots * stage + sendRecv,
            ComputeSeconds = computePerMicroBatch * m,
            MemorySeconds = memoryPerMicroBatch * m,
            CommunicationSeconds = slots * collectivePerMicroBatch + sendRecv,
            OverheadSeconds = overhead,
            FlopsPerDevice = flops,
            BytesPerDevice = bytes,
            StageSeconds = stage,
            BubbleFraction = (double)(p - 1) / slots,
        };
    }
}

using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ClusterSim.Model.Hardware;

namespace ClusterSim.Model.Performance;

/// <summary>
/// The default predictor: an analytic roofline from the accelerator's peaks and the model's shape, scaled by a few
/// calibrated efficiencies.
/// <code>
/// stage      = dense GEMM FLOPs / (peak x eff_c(n) x k_d) + always-read weights / (bandwidth x eff_m)
///              (dense: the layers per token, the output projection per sampled sequence; no FLOPs for the embedding lookup;
///              k_d: the rate the GEMMs' inner dimensions per rank allow, GemmShapeEfficiency, the experts' k_e likewise)
///            + routed-expert GEMM FLOPs (tile-padded: 64 rows, or by the load on vLLM's and SGLang's kernels; with ep, the
///              busiest rank's assignments, ExpertLoad)
///              / (peak x eff_c(n) x k_e) + touched expert weights / (bandwidth x eff_m)
///            + max(attention FLOPs / (peak x eff_a), KV bytes / (bandwidth x eff_m))
///              (MLA's decoding tokens in the absorbed form: every head over the whole latent)
///            + element-wise bytes / (bandwidth x eff_m)
///            + tensor-parallel all-reduces (or, with attention data parallelism, each MoE layer's expert exchange)
///              (attention data parallelism: the attention, dense and element-wise terms at the busiest rank's tokens,
///              AttentionDataParallelLoad; the exchange an all-gather of the tokens and a reduce-scatter of the outputs,
///              padded to the busiest rank where the tokens carry block scales (NVFP4), or two all-to-alls, each as long
///              as the larger of the busiest sender's and the busiest expert rank's received copies)
///            + GEMM launches x fixed time per launch (ramp-up and drain, measured)
///            + layers x fixed time of a layer's attention kernels (launch, split-KV reduction; per stack, 0 where not priced apart)
/// iteration  = overhead + max(m, p) x stage + (p - 1) x send/recv
/// eff_c(n)   = eff_c,max x n / (n + n_half)          (n tokens per micro-batch; n_half = 0: constant)
/// overhead   = fixed + per-sequence x sequences + (prefill present ? prefill overhead : 0)
/// </code>
/// with p pipeline stages and m micro-batches per iteration, pipelined without a break as serving engines run them
/// (TensorRT-LLM's micro-batches, vLLM's virtual engines: each schedules its own batch, and a micro-batch enters the
/// first stage again as soon as it leaves the last): every stage works on one micro-batch after another, so an
/// iteration, in which each micro-batch advances one step, takes m stage times when m >= p, and p when fewer
/// micro-batches than stages leave (p - m) stage times idle. There is no fill and drain per iteration (GPipe's
/// m + p - 1), only when the pipeline itself starts or empties, which a serving loop does not repeat. Each kernel
/// class has its own roofline and the classes run one after another, as an engine's kernels do: the GEMMs of a
/// large batch are compute-bound while its attention kernels stream the KV cache, and the two add rather than
/// hide each other. The weight stream is charged in full on top of the GEMMs' arithmetic: a serving step does not
/// hide it. Isolated GEMMs timed on an H100 (scenarios/profiles/h100_gemm_bandwidth_probe.csv) come closer to the
/// larger of the two terms, but whole systems do not: with the larger of the two, every MLPerf server run settles
/// at a few hundred sequences with 30 to 90 ms steps where the measurements (Little's law) show 450 to 840 with
/// 125 to 156 ms, and an H200 gains nothing from its bandwidth at large batches (README, accuracy). The achieved
/// fraction of peak FLOP/s therefore rises with the tokens per iteration, eff(M) = eff_c x M / (M + M_w) with
/// M_w = weight-stream time / GEMM time per token (about 100 to 200 tokens for a 70B FP8 model on Hopper), and an
/// accelerator with more bandwidth gains at every batch size. With every efficiency at most 1 the result can
/// never fall below the physical bound (all FLOPs at peak, all bytes at peak bandwidth): a sum of maxima is at
/// least the maximum of the sums.
/// </summary>
internal sealed class RooflineExecutionModel : IExecutionModel, IDecodeRunPredictor, IStepBreakdown, IEfficiencyPriced
{
    private readonly WorkModel _work;
    private readonly EfficiencyParams _efficiency;
    private readonly bool _tilesByLoad;

    /// <inheritdoc/>
    public EfficiencyParams Efficiency => _efficiency;
    private readonly ICollectiveCost _collectives;
    private readonly bool _tensorGroupSpansNodes;
    private readonly int _pipelineStages;
    private readonly int _microBatches;
    private readonly int _intraNodeBoundaries;
    private readonly int _crossNodeBoundaries;

    // BatchTerms' last answer and its key. Mutable state: a model instance serves one simulation at a time (every run
    // compiles its own, as ScenarioCompiler does), like ExecutionModelTimer.Last; it is not safe to share across threads.
    private Batch _last;
    private long _lastTokens = -1;
    private long _lastSequences = -1;
    private bool _lastPrefills;
    private long _lastPrefillSequences = -1;

    public RooflineExecutionModel(ExecutionModelContext context)
    {
        var deployment = context.Deployment;
        _efficiency = context.Efficiency ?? throw new ArgumentException(
            $"the roofline predictor needs efficiency factors for accelerator '{deployment.Accelerator.Key}' " +
            "(an entry of scenarios/catalog/efficiency.yaml); none was given");
        _efficiency.Validate();
        _tilesByLoad = TilesByLoad(_efficiency.Stack);
        Deployment = deployment;
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
            var pastMesh = ReferenceEquals(intra, accelerator.ScaleUp) ? accelerator.HostLink : null;
            // A tensor group that fills every card its scale-up links directly leaves the next pipeline stage past the mesh.
            var stagesPastMesh = pastMesh is not null && intra.Peers > 0 && tp - 1 >= intra.Peers && _intraNodeBoundaries > 0;
            _collectives = new RingCollectiveCost(
                intra, accelerator.ScaleOut, _efficiency.LinkEfficiency, _efficiency.CollectiveStepLatencySeconds, _efficiency.InNodeAllReduce, pastMesh,
                stagesPastMesh, _efficiency.EngineAllReduce);
            if (intra.Peers > 0 && needsIntraNode)
            {
                var used = Math.Min(Math.Max(tp - 1, 1), intra.Peers);
                notes.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"'{accelerator.Key}' links its node's accelerators in a full mesh ({intra.Peers} links of {intra.BytesPerSecondEachWay / intra.Peers / 1e9:0.#} GB/s each way, scale_up peers): " +
                    $"a tensor-parallel group of {tp} moves its collectives over the {used} that join its members ({intra.BytesPerSecondEachWayAmong(tp) / 1e9:0.#} GB/s each way), a pipeline send over one"));
                if (tp - 1 > intra.Peers && !_tensorGroupSpansNodes && pastMesh is not null)
                {
                    notes.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"a tensor-parallel group of {tp} has more members than '{accelerator.Key}''s scale-up joins directly ({intra.Peers + 1}): its ring crosses the host link ({pastMesh.Kind}, {pastMesh.BytesPerSecondEachWay / 1e9:0.#} GB/s each way), which bounds its collectives"));
                }

                if (stagesPastMesh)
                {
                    notes.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"each pipeline stage's {tp} cards fill what '{accelerator.Key}''s scale-up joins directly ({intra.Peers + 1}): the sends between stages cross the host link ({pastMesh!.Kind}, {pastMesh.BytesPerSecondEachWay / 1e9:0.#} GB/s each way)"));
                }
            }
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

        // The shipped launch time was timed on Hopper; say so where it stands in for a part it was not measured on.
        if (_efficiency.GemmLaunchSeconds == GemmShapeEfficiency.LaunchSeconds && !GemmShapeEfficiency.MeasuredOn(accelerator.Key))
        {
            notes.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"GEMM launches: {_work.GemmLaunchesPerStage} per pass at {_efficiency.GemmLaunchSeconds * 1e6:0.0} us each, a fixed time measured " +
                $"on an H200 (scenarios/profiles/h200_kernel_shape_probe.csv); not measured on {accelerator.Key}, assumed alike"));
        }

        if (deployment.Model.Moe is not null)
        {
            notes.Add(_tilesByLoad
                ? $"routed-expert GEMMs: the {_efficiency.Stack} stack's fused-MoE kernels tile each expert's rows by the load (the smallest of 16, 32, 48 and 64 " +
                  "rows its mean share fills to less than 90 %, as vLLM's Marlin MoE chooses and its tuned Triton configurations come close to); an expert " +
                  "pays for its tile's rows"
                : $"routed-expert GEMMs: each touched expert pays for whole tiles of {ExpertTileRows:0} rows (CUTLASS's and TensorRT-LLM's grouped GEMMs)");
        }

        if (_efficiency.HostOverlap > 0)
        {
            notes.Add(FormattableString.Invariant(
                          $"host work per iteration ({_efficiency.IterationOverheadSeconds * 1e3:0.###} ms fixed, {_efficiency.SequenceOverheadSeconds * 1e6:0.###} us per sequence, ")
                      + FormattableString.Invariant(
                          $"{_efficiency.PrefillOverheadSeconds * 1e3:0.###} ms with prefill): {_efficiency.HostOverlap * 100:0.#} % of it runs while the device computes (overlap scheduler), ")
                      + "so a step takes the serial rest plus the longer of the device's work and the overlapped share; the extra step an overlap scheduler "
                      + "adds before a first token is not modelled");
        }

        Notes = notes;
    }

    /// <summary>What this model prices: the deployment it was built for (for checks that price its parts by hand).</summary>
    internal Deployment Deployment { get; }

    public string Name => ExecutionModels.RooflineName;

    public IReadOnlyList<string> Notes { get; }

    /// <summary>
    /// Durations (ns, rounded up as <see cref="IterationCost.DurationNs"/>) of consecutive decode-only
    /// iterations, the first <paramref name="first"/>, each next one with every sequence's context one
    /// token longer. Bit-identical to calling <see cref="Predict"/> per step: the same expressions in the
    /// same order, with everything that cannot change over the run (the GEMMs, element-wise kernels,
    /// collectives and overhead of a fixed batch) computed once.
    /// </summary>
    public void PredictDecodeRun(in IterationShape first, Span<long> durationsNs)
    {
        if (first.Tokens <= 0 || first.PrefillTokens != 0)
        {
            var step = first;
            for (var j = 0; j < durationsNs.Length; j++)
            {
                durationsNs[j] = Predict(step).DurationNs;
                step = step.NextDecodeStep();
            }

            return;
        }

        // AttentionTerms and the iteration's sum step by step, written out with every operand that cannot change
        // over the run read once: the same operations in the same order, so the same bits, at a fraction of the
        // cost (this loop runs for every decode step simulated).
        var batch = BatchTerms(first);
        // A decode-only run has no prompt pairs: its tokens' pairs are decode pairs (MLA's absorbed form; the same elsewhere).
        var secondsPerPair = batch.SecondsPerDecodePair;
        var secondsPerKvToken = batch.SecondsPerKvToken;
        // A decode-only run's constant pairs: the later beams' shared prompt (0 without beam search).
        var pairs = (double)first.PrefillAttentionPairs + first.DecodeSharedPairs;
        var cached = first.PrefillCachedTokens;
        var tokens = first.Tokens;
        // The attended context grows by a token a sequence, less what local layers stop attending (0 for most models).
        var sequences = first.DecodeSequences - first.DecodeSkippedGrowth;
        double slots = batch.Slots;
        var context = first.DecodeAttendedTokens;
        for (var j = 0; j < durationsNs.Length; j++)
        {
            var compute = secondsPerPair * (pairs + context);
            var memory = secondsPerKvToken * (context + cached + tokens);
            var seconds = StepSeconds(batch, slots * (batch.StageWithoutAttention + Math.Max(compute, memory)));
            durationsNs[j] = seconds <= 0 ? 0 : (long)Math.Ceiling(seconds * 1e9);
            context += sequences;
        }
    }

    public int PredictDecodeRunEnds(in IterationShape first, Span<long> endsNs, long startNs, long maxRunNs)
    {
        if (first.Tokens <= 0 || first.PrefillTokens != 0)
        {
            PredictDecodeRun(in first, endsNs);
            return DecodeRunEnds.Accumulate(endsNs, startNs, maxRunNs);
        }

        // PredictDecodeRun's loop and DecodeRunEnds.Accumulate's in one pass, with the same values: token counts are
        // whole numbers far below 2^53, so their sums are exact in a double whatever the order (the context kept as a
        // double and stepped by the batch's sequences gives the very operands AttentionTerms forms), and the larger of
        // two positive finite figures is Math.Max's. This loop runs for every decode step simulated.
        var batch = BatchTerms(first);
        var secondsPerPair = batch.SecondsPerDecodePair;
        var secondsPerKvToken = batch.SecondsPerKvToken;
        var pairs = (double)first.PrefillAttentionPairs + first.DecodeSharedPairs;
        var kvExtra = (double)first.PrefillCachedTokens + first.Tokens;
        var sequences = first.DecodeSequences - first.DecodeSkippedGrowth; // the attended context's growth a step
        var slots = (double)batch.Slots;
        var overhead = batch.Overhead;
        var stage = batch.StageWithoutAttention;
        var sendRecv = batch.SendRecv;
        var context = first.DecodeAttendedTokens;
        var limit = maxRunNs >= long.MaxValue - startNs ? long.MaxValue : startNs + maxRunNs;
        var end = startNs;
        var j = 0;
        // The vector loop writes the in-series sum; an overlapped host takes the scalar loop's other form.
        if (Vector256.IsHardwareAccelerated && endsNs.Length >= 8 && batch.Overlapped == 0)
        {
            // Four steps' durations at once: the same operations on each lane in the same order (a multiply and an
            // add stay two roundings, never fused), so the same bits as the scalar loop below; each lane's context
            // is context + k x sequences, exact like the scalar's running sum. Only the running end is scalar.
            var sequencesV = Vector256.Create(sequences);
            var contextV = Vector256.Create(context) + (Vector256.Create(0.0, 1.0, 2.0, 3.0) * sequencesV);
            var advance = Vector256.Create(4 * sequences);
            var secondsPerPairV = Vector256.Create(secondsPerPair);
            var secondsPerKvTokenV = Vector256.Create(secondsPerKvToken);
            var pairsV = Vector256.Create(pairs);
            var kvExtraV = Vector256.Create(kvExtra);
            var slotsV = Vector256.Create(slots);
            var overheadV = Vector256.Create(overhead);
            var stageV = Vector256.Create(stage);
            var sendRecvV = Vector256.Create(sendRecv);
            var nanos = Vector256.Create(1e9);
            var laneAfterFirst = Vector256.Create(0L, -1, -1, -1);
            var laneAfterSecond = Vector256.Create(0L, 0, -1, -1);
            ref var endsRef = ref MemoryMarshal.GetReference(endsNs);
            for (; j + 4 <= endsNs.Length; j += 4)
            {
                var compute = secondsPerPairV * (pairsV + contextV);
                var memory = secondsPerKvTokenV * (contextV + kvExtraV);
                var longer = Vector256.ConditionalSelect(Vector256.GreaterThan(compute, memory), compute, memory);
                var seconds = overheadV + (slotsV * (stageV + longer)) + sendRecvV;
                // A step of no time (seconds <= 0) and one under a nanosecond both take 1 ns, as below.
                var ns = Vector256.Max(Vector256.ConvertToInt64(Vector256.Ceiling(seconds * nanos)), Vector256<long>.One);
                contextV += advance;
                if (limit == long.MaxValue)
                {
                    // No time limit: the four ends as a running sum inside the vector (whole nanoseconds, exact).
                    var sums = ns + (Vector256.Shuffle(ns, Vector256.Create(0L, 0, 1, 2)) & laneAfterFirst);
                    sums += Vector256.Shuffle(sums, Vector256.Create(0L, 0, 0, 1)) & laneAfterSecond;
                    var ends = Vector256.Create(end) + sums;
                    ends.StoreUnsafe(ref endsRef, (nuint)j);
                    end = ends.GetElement(3);
                    continue;
                }

                for (var k = 0; k < 4; k++)
                {
                    if (j + k > 0 && end >= limit)
                    {
                        return j + k;
                    }

                    end += ns.GetElement(k);
                    endsNs[j + k] = end;
                }
            }

            context += j * sequences;
        }

        for (; j < endsNs.Length; j++)
        {
            if (j > 0 && end >= limit)
            {
                return j;
            }

            var compute = secondsPerPair * (pairs + context);
            var memory = secondsPerKvToken * (context + kvExtra);
            var seconds = StepSeconds(batch, slots * (stage + (compute > memory ? compute : memory)));
            var ns = seconds <= 0 ? 0 : (long)Math.Ceiling(seconds * 1e9);
            end += ns < 1 ? 1 : ns;
            endsNs[j] = end;
            context += sequences;
        }

        return endsNs.Length;
    }

    public IterationCost Predict(in IterationShape shape)
    {
        if (shape.Tokens <= 0)
        {
            return default;
        }

        var batch = BatchTerms(shape);
        var attention = AttentionTerms(batch, shape);
        var stage = batch.StageWithoutAttention + attention.Seconds;
        var m = batch.MicroBatches;
        var seconds = StepSeconds(batch, batch.Slots * stage);
        return new IterationCost
        {
            Seconds = seconds,
            ComputeSeconds = m * (batch.GemmComputeSeconds + attention.ComputeSeconds),
            MemorySeconds = m * (batch.GemmMemorySeconds + batch.ElementwiseSeconds + attention.MemorySeconds),
            CommunicationSeconds = batch.Slots * batch.CollectiveSeconds + batch.SendRecv,
            // The host time the step waits for: all of it in series, only what outlasts the device when overlapped.
            OverheadSeconds = (batch.Overlapped == 0 ? batch.Overhead : seconds - (batch.Slots * stage + batch.SendRecv)) + batch.Slots * (batch.LaunchSeconds + batch.AttentionLaunchSeconds),
            FlopsPerDevice = _work.Flops(shape),
            BytesPerDevice = m * batch.WeightBytes + _work.StreamBytes(shape),
            StageSeconds = stage,
            BubbleFraction = (double)(batch.Slots - m) / batch.Slots,
        };
    }

    public StepBreakdown Breakdown(in IterationShape shape)
    {
        if (shape.Tokens <= 0)
        {
            return default;
        }

        // The terms Predict adds, kept apart: m micro-batches each run the stage's kernel classes in turn, the
        // remaining slots of the pipeline idle for a stage each, and the host time the device waits for on top. The
        // batch's terms come from Predict's cache (same key): a replica asks for a run's parts right after timing it.
        var batch = BatchTerms(in shape);
        var attention = AttentionTerms(batch, shape);
        var m = batch.MicroBatches;
        var stage = batch.StageWithoutAttention + attention.Seconds;
        var device = batch.Slots * stage + batch.SendRecv;

        // The host time the device waits for, from the overhead terms themselves (not as the step's remainder, so that
        // the parts adding up to Predict's step is a check of both): the serial share, and the overlapped share's excess.
        var host = batch.Overlapped == 0 ? batch.Overhead : (batch.Overhead - batch.Overlapped) + Math.Max(0, batch.Overlapped - device);
        return new StepBreakdown
        {
            DenseGemmSeconds = m * (batch.GemmComputeSeconds - batch.ExpertComputeSeconds),
            ExpertGemmSeconds = m * batch.ExpertComputeSeconds,
            WeightStreamSeconds = m * batch.GemmMemorySeconds,
            GemmLaunchSeconds = m * batch.LaunchSeconds,
            AttentionSeconds = m * (attention.Seconds + batch.AttentionLaunchSeconds),
            AttentionComputeBound = attention.ComputeSeconds >= attention.MemorySeconds,
            ElementwiseSeconds = m * batch.ElementwiseSeconds,
            CollectiveSeconds = m * batch.CollectiveSeconds,
            PipelineTransferSeconds = batch.SendRecv,
            PipelineBubbleSeconds = (batch.Slots - m) * stage,
            HostSeconds = host,
            BoundSeconds = Math.Max(_work.Flops(shape) / _work.PeakFlops, (m * batch.WeightBytes + _work.StreamBytes(shape)) / _work.BytesPerSecond),
        };
    }

    /// <summary>
    /// One step from its stages (<paramref name="stages"/>: slots x stage): host time, stages and pipeline transfers in
    /// series, added in that order (the vector loop of <see cref="PredictDecodeRunEnds"/> repeats this sum bit for bit);
    /// or, where the host's work partly overlaps the device's (<see cref="EfficiencyParams.HostOverlap"/>), the serial
    /// share of the host time, then the longer of the overlapped share and the device's stages and transfers.
    /// </summary>
    private static double StepSeconds(in Batch batch, double stages)
        => batch.Overlapped == 0
            ? batch.Overhead + stages + batch.SendRecv
            : (batch.Overhead - batch.Overlapped) + Math.Max(batch.Overlapped, stages + batch.SendRecv);

    /// <summary>
    /// Rows a grouped-GEMM tile of the MoE kernels covers (CUTLASS and TensorRT-LLM's MoE GEMMs tile M by 64 to 128):
    /// an expert that receives fewer tokens still pays for the tile, half a tile on average.
    /// </summary>
    internal const double ExpertTileRows = 64;

    /// <summary>
    /// Row tiles vLLM's fused-MoE kernels choose by the load (and SGLang's, which run vLLM's Triton kernel and its tuned
    /// configurations): Marlin's MoE takes the smallest of 8, 16, 32, 48 and 64 rows that an expert's mean share of the
    /// tokens fills to less than 90 % (vllm fused_marlin_moe.py), and the tuned Triton configurations pick BLOCK_SIZE_M
    /// 16 to 32 where an expert receives up to 16 rows (configs/E=8,N=7168,device_name=NVIDIA_H100_80GB_HBM3.json).
    /// Rows are at least the tensor cores' 16 (mma m16n8k16).
    /// </summary>
    private static readonly double[] LoadAdaptiveTileRows = [16, 32, 48, 64];

    /// <summary>The tile a load-adaptive kernel (<see cref="LoadAdaptiveTileRows"/>) takes for this many rows per expert.</summary>
    internal static double AdaptiveTileRows(double rowsPerExpert)
    {
        foreach (var tile in LoadAdaptiveTileRows)
        {
            if (rowsPerExpert < 0.9 * tile)
            {
                return tile;
            }
        }

        return LoadAdaptiveTileRows[^1];
    }

    /// <summary>Whether a stack's routed-expert GEMMs tile by the load (vLLM's and SGLang's fused MoE) rather than by a fixed 64.</summary>
    internal static bool TilesByLoad(string stack) => stack is "vllm" or "sglang";

    /// <summary>
    /// Everything about one micro-batch's stage that depends on the batch's token count, not on its contexts. The
    /// attention terms are kept as seconds per (query, key) pair and per KV token, worked out once per batch, so a
    /// decode run's loop multiplies where it divided twice per step (the divisions were most of its cost).
    /// </summary>
    private readonly record struct Batch(
        int MicroBatches,
        int Slots,
        double WeightBytes,
        double GemmComputeSeconds,
        double GemmMemorySeconds,
        double ElementwiseSeconds,
        double CollectiveSeconds,
        double StageWithoutAttention,
        double Overhead,
        double Overlapped,
        double SendRecv,
        double LaunchSeconds,
        double SecondsPerPair,
        double SecondsPerKvToken,
        double ExpertComputeSeconds,
        double ExpertMemorySeconds,
        double AttentionLaunchSeconds,
        double PrefillScale,
        double SecondsPerDecodePair);

    private readonly record struct Attention(double Seconds, double ComputeSeconds, double MemorySeconds);

    /// <summary>
    /// The terms of one micro-batch's stage that depend on its token count only: the GEMMs every token passes
    /// through (their FLOPs plus the weight stream), the routed-expert GEMMs likewise over the experts the batch
    /// touches, the element-wise kernels (memory) and the tensor-parallel all-reduces; attention, which depends on
    /// the contexts, is <see cref="AttentionTerms"/>. Kernels run one after another, so the terms add.
    /// </summary>
    private Batch BatchTerms(in IterationShape shape)
    {
        // A run's start asks for the same batch two or three times (its first step, then its run, then each chunk of
        // it): the terms of the last batch are kept, keyed on all they depend on.
        var tokens = shape.Tokens;
        var sequences = shape.Sequences;
        var prefills = shape.PrefillSequences > 0;
        // The prompt count too: with attention dp the busiest rank depends on how many prompts the tokens came in.
        if (tokens == _lastTokens && sequences == _lastSequences && prefills == _lastPrefills && shape.PrefillSequences == _lastPrefillSequences)
        {
            return _last;
        }

        _last = ComputeBatchTerms(in shape);
        _lastTokens = tokens;
        _lastSequences = sequences;
        _lastPrefills = prefills;
        _lastPrefillSequences = shape.PrefillSequences;
        return _last;
    }

    private Batch ComputeBatchTerms(in IterationShape shape)
    {
        var tokens = shape.Tokens;

        // A batch cannot split into more micro-batches than it has tokens.
        var m = (int)Math.Min(_microBatches, tokens);
        var slots = Math.Max(m, _pipelineStages);
        var perMicroBatch = (double)tokens / m;

        // Attention dp: each rank's attention and dense layers run on its own sequences and every MoE layer waits for
        // all ranks, so those terms take the busiest rank's tokens (AttentionDataParallelLoad), written here as the
        // replica's tokens that would load every rank so: the routed experts, pooled over the ranks, keep the mean.
        var (decodeFactor, prefillFactor) = _work.AttentionDataParallel
            ? AttentionDataParallelLoad.Factors(shape.DecodeSequences, shape.PrefillSequences, _work.TensorParallel)
            : (1.0, 1.0);
        var balanced = decodeFactor == 1.0 && prefillFactor == 1.0;
        var rankTokens = balanced ? perMicroBatch : (decodeFactor * shape.DecodeSequences + prefillFactor * shape.PrefillTokens) / m;
        var rankSequences = balanced ? (double)shape.Sequences / m : (decodeFactor * shape.DecodeSequences + prefillFactor * shape.PrefillSequences) / m;

        var computeEfficiency = _efficiency.ComputeEfficiency;
        if (_efficiency.ComputeSaturationTokens > 0)
        {
            computeEfficiency *= perMicroBatch / (perMicroBatch + _efficiency.ComputeSaturationTokens);
        }

        var computeRate = _work.PeakFlops * computeEfficiency;
        var attentionRate = _work.AttentionPeakFlops * (_efficiency.AttentionEfficiency > 0 ? _efficiency.AttentionEfficiency : computeEfficiency);
        var bandwidth = _work.BytesPerSecond * _efficiency.MemoryEfficiency;

        // Each GEMM class at the rate its inner dimensions allow (GemmShapeEfficiency), never above the peak.
        // A mixed checkpoint's share runs at its own, slower rate (WorkModel.DenseMixedFactor, ExpertMixedFactor; 1 without one).
        var denseCompute = _work.DenseFlops(rankTokens) * _work.DenseMixedFactor / ShapedRate(computeRate, _work.DenseShapeFactor)
                           + _work.HeadFlops(rankSequences) / ShapedRate(computeRate * _work.HeadPeakRatio, _work.HeadShapeFactor);
        var denseMemory = _work.AlwaysWeightBytes / bandwidth;
        var touched = _work.TouchedExperts(perMicroBatch);
        var busiestAssignments = _work.BusiestAssignments(perMicroBatch);
        var tileRows = _tilesByLoad && touched > 0 ? AdaptiveTileRows(busiestAssignments / touched) : ExpertTileRows;
        var expertCompute = _work.ExpertFlopsOfBusiest(busiestAssignments, touched, tileRows) * _work.ExpertMixedFactor / ShapedRate(computeRate, _work.ExpertShapeFactor);
        var expertMemory = _work.ExpertWeightBytes(touched) / bandwidth;
        // Each GEMM launch's fixed ramp-up and drain (GemmShapeEfficiency.LaunchSeconds as measured; per stack).
        var launches = _work.GemmLaunchesPerStage * _efficiency.GemmLaunchSeconds;
        // Each layer's attention kernels' fixed time, whatever the batch and context (booked with attention).
        var attentionLaunches = _work.StageLayers * _efficiency.AttentionLaunchSeconds;
        var gemm = denseCompute + denseMemory + expertCompute + expertMemory + launches;
        var elementwise = balanced
            ? _work.ActivationBytes(perMicroBatch) / bandwidth
            : (_work.ActivationBytes(rankTokens) - _work.ExpertOutputBytes(rankTokens) + _work.ExpertOutputBytes(perMicroBatch)) / bandwidth;
        // Gathered, each rank receives every rank's tokens: padded to the busiest rank's where they travel with block
        // scales (TensorRT-LLM pads "when x_sf is not None", its NVFP4 path), each rank's own count otherwise (its Qwen3,
        // Llama 4 and Mixtral code gathers with use_dp_padding false).
        var gathered = _work.PadsGather ? rankTokens : perMicroBatch;
        if (_work.ExpertExchangesPerStage > 0 && _work.ExpertExchange == ClusterSim.Scenarios.ExpertExchange.AllGather)
        {
            // Every rank's MoE finalize writes a full-width output row for each gathered token (zero where none of its
            // experts is local), the buffer the reduce-scatter then sums: the gathered tokens x hidden in 16 bits.
            elementwise += _work.ExpertExchangesPerStage * gathered * _work.HiddenBytesPerToken / bandwidth;
        }

        var payload = perMicroBatch * _work.HiddenBytesPerToken;
        var collective = _work.AllReducesPerStage == 0
            ? 0
            : _work.AllReducesPerStage * _collectives.AllReduceSeconds(payload, _work.TensorParallel, _tensorGroupSpansNodes);
        if (_work.ExpertExchangesPerStage > 0)
        {
            collective += _work.ExpertExchangesPerStage * ExchangeSeconds(rankTokens, gathered, busiestAssignments);
        }

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
        return new Batch(m, slots, _work.AlwaysWeightBytes + _work.ExpertWeightBytes(touched), denseCompute + expertCompute, denseMemory + expertMemory, elementwise,
            collective, gemm + elementwise + collective + attentionLaunches, overhead, overhead * _efficiency.HostOverlap, sendRecv, launches,
            decodeFactor * _work.AttentionFlopsPerPair / (m * attentionRate), decodeFactor * _work.KvBytesPerToken / (m * bandwidth), expertCompute, expertMemory,
            attentionLaunches, shape.PrefillSequences > 0 ? prefillFactor / decodeFactor : 1.0,
            decodeFactor * _work.DecodeAttentionFlopsPerPair / (m * attentionRate));
    }

    /// <summary>
    /// One MoE layer's exchange of tokens with the ranks of their experts under attention dp: a dispatch and a combine.
    /// <paramref name="rankTokens"/> is the replica's tokens written as the busiest rank's times the ranks (as the
    /// step's other per-rank terms), <paramref name="gathered"/> the tokens an all-gather moves (those, where padded, or
    /// the replica's own), <paramref name="busiestAssignments"/> the busiest expert rank's (token, expert) pairs.
    /// </summary>
    private double ExchangeSeconds(double rankTokens, double gathered, double busiestAssignments)
    {
        var ranks = _work.TensorParallel;
        if (_work.ExpertExchange == ClusterSim.Scenarios.ExpertExchange.AllGather)
        {
            // Every rank's tokens to every rank, the outputs reduce-scattered back over the same rows: unequal parts
            // move as grouped broadcasts, each rank's link carrying all the others' parts.
            return _collectives.AllGatherSeconds(gathered * _work.DispatchBytesPerToken, ranks, _tensorGroupSpansNodes)
                   + _collectives.ReduceScatterSeconds(gathered * _work.HiddenBytesPerToken, ranks, _tensorGroupSpansNodes);
        }

        // Each rank sends each of its tokens once to every rank holding one of its experts (DeepEP, TensorRT-LLM's MNNVL
        // all-to-all: not once per expert) and receives the tokens routed to its own, and the reverse to combine; each
        // all-to-all lasts as long as the busiest rank's larger side (the receiving one once experts are hot). The
        // busiest rank's tokens are its (token, expert) pairs in the proportion uniform routing gives of distinct ranks to
        // experts a token.
        var copies = rankTokens * _work.DistinctRanksPerToken / ranks;
        var received = busiestAssignments * _work.DistinctRanksPerToken / _work.ActiveExperts;
        var mostCopies = Math.Max(copies, received);
        return _collectives.AllToAllSeconds(mostCopies * _work.DispatchBytesPerToken, ranks, _tensorGroupSpansNodes)
               + _collectives.AllToAllSeconds(mostCopies * _work.HiddenBytesPerToken, ranks, _tensorGroupSpansNodes);
    }

    private double ShapedRate(double computeRate, double shapeFactor) => Math.Min(_work.PeakFlops, computeRate * shapeFactor);

    /// <summary>The attention kernels of one micro-batch: FLOPs over (query, key) pairs or KV bytes, whichever is longer.</summary>
    private Attention AttentionTerms(in Batch batch, in IterationShape shape)
    {
        if (batch.PrefillScale == 1.0 && batch.SecondsPerDecodePair == batch.SecondsPerPair)
        {
            var compute = batch.SecondsPerPair * ((double)shape.PrefillAttentionPairs + shape.DecodeAttentionPairs);
            var memory = batch.SecondsPerKvToken * (shape.DecodeAttendedTokens + shape.PrefillCachedTokens + shape.Tokens);
            return new Attention(Math.Max(compute, memory), compute, memory);
        }

        // Attention dp with its prompts loading the busiest rank otherwise than its decodes (the per-token terms carry the
        // decodes' factor), or MLA, whose decoding tokens attend in the absorbed form (their own FLOPs per pair).
        var scaledCompute = (batch.SecondsPerPair * (batch.PrefillScale * shape.PrefillAttentionPairs)) + (batch.SecondsPerDecodePair * shape.DecodeAttentionPairs);
        var scaledMemory = batch.SecondsPerKvToken * (shape.DecodeAttendedTokens + shape.DecodeSequences
                                                      + (batch.PrefillScale * ((double)shape.PrefillCachedTokens + shape.PrefillTokens)));
        return new Attention(Math.Max(scaledCompute, scaledMemory), scaledCompute, scaledMemory);
    }
}

using ClusterSim.Model.Hardware;
using static ClusterSim.Scenarios.PrecisionInfo;
using Precision = ClusterSim.Scenarios.Precision;

namespace ClusterSim.Model.Performance;

/// <summary>
/// The work of an iteration on one accelerator of a deployment (the most loaded pipeline stage): FLOPs and bytes
/// from the model's shape, the precisions and the parallel split. Everything that depends only on the deployment is
/// computed once here, so each prediction is a handful of multiplications.
/// </summary>
internal sealed class WorkModel
{
    /// <summary>
    /// Activation traffic per token and layer that every tensor-parallel rank moves whole, in units of the hidden size:
    /// two fused add-norms (4 each) and the two row-parallel partial outputs (1 each).
    /// </summary>
    internal const double ReplicatedActivationsPerLayer = 10.0;

    private readonly double _flopsPerToken;
    private readonly double _headFlopsPerSequence;
    private readonly double _denseFlopsPerToken;
    private readonly double _expertFlopsPerAssignment;
    private readonly int _activeExperts;
    private readonly double _attentionFlopsPerPair;
    private readonly double _decodeAttentionFlopsPerPair;
    private readonly double _alwaysWeightBytes;
    private readonly double _expertWeightBytes;
    private readonly int _experts;
    private readonly double _expertsPerRank;
    private readonly int _expertParallel;
    private readonly RankTail _rankTail;
    private readonly ExpertPopularity _popularity = ExpertPopularity.Uniform;
    private readonly double _routingMissRatio;
    private readonly double _kvBytesPerToken;
    private readonly double _activationBytesPerToken;
    private readonly double _expertOutputBytesPerToken;

    public WorkModel(Deployment deployment)
    {
        var model = deployment.Model;
        var accelerator = deployment.Accelerator;
        model.Validate();
        Check(deployment.TensorParallel >= 1, $"tensor_parallel must be at least 1, got {deployment.TensorParallel}");
        Check(deployment.PipelineParallel >= 1 && deployment.PipelineParallel <= model.Layers,
            $"pipeline_parallel must be between 1 and the model's {model.Layers} layers, got {deployment.PipelineParallel}");
        Check(deployment.PipelineMicroBatches >= 1, $"pipeline micro-batches must be at least 1, got {deployment.PipelineMicroBatches}");
        Check(deployment.AcceleratorsPerNode >= 1, $"accelerators per node must be at least 1, got {deployment.AcceleratorsPerNode}");
        Check(accelerator.HbmBandwidthGbs > 0, $"accelerator '{accelerator.Key}': hbm_bandwidth_gbs must be positive");

        var notes = new List<string>();
        var requested = deployment.RequestedComputePrecision;
        if (deployment.ComputePrecision is null && deployment.WeightPrecision == Precision.Int4)
        {
            notes.Add($"int4 weights are weight-only quantised: arithmetic runs at the activation precision {requested.Key()}");
        }
        else if (deployment.ComputePrecision is { } given && given != deployment.WeightPrecision)
        {
            notes.Add($"the GEMMs multiply in {given.Key()} (compute_precision), the weights stored at {deployment.WeightPrecision.Key()}: " +
                      $"arithmetic at {given.Key()}'s peak, weights read at {deployment.WeightPrecision.Key()}'s size");
        }
        else if (deployment.ComputePrecision is null && deployment.WeightOnly)
        {
            notes.Add($"{accelerator.Key} has no fp4 arithmetic, so its engines run fp4 weights weight-only (vLLM's Marlin FP4, TensorRT-LLM's Triton MXFP4 MoE " +
                      $"on Hopper), dequantised to the activations: arithmetic at {requested.Key()}, weights read at {deployment.WeightPrecision.Key()}'s size");
        }

        ComputePrecision = accelerator.ResolveCompute(requested) ?? throw new ArgumentException(
            $"accelerator '{accelerator.Key}' has no {requested.Key()} peak and no wider one to fall back to; " +
            $"it lists {accelerator.ListedPrecisions()}");
        if (ComputePrecision != requested.Arithmetic())
        {
            notes.Add(
                $"{requested.Key()} arithmetic is not supported by {accelerator.Key} (it lists {accelerator.ListedPrecisions()}): " +
                $"falling back to {ComputePrecision.Key()} at {accelerator.Tflops[ComputePrecision]} TFLOP/s; " +
                $"weights and KV cache keep their {deployment.WeightPrecision.Key()}/{deployment.KvCachePrecision.Key()} size");
        }

        PeakFlops = accelerator.PeakFlops(ComputePrecision);
        BytesPerSecond = accelerator.HbmBandwidthGbs * 1e9;

        // Attention multiplies activations (queries against keys and values read back from the cache), so it runs at the
        // activations' precision whatever the weights': an FP8 model's attention goes at the BF16 peak, not the FP8 one
        // (FP8 attention kernels exist but are not what the engines run by default).
        AttentionPrecision = ComputePrecision.Bytes() >= deployment.ActivationPrecision.Bytes()
            ? ComputePrecision
            : accelerator.ResolveCompute(deployment.ActivationPrecision) ?? ComputePrecision;

        // Attention dp's dispatch format: the deployment's, or the format the experts' GEMMs take where narrower than the
        // activations' (an 8-bit or 4-bit checkpoint quantises its tokens before the exchange).
        // An MXFP4 checkpoint quantises its tokens to MXFP4 (its block scales), though both fp4 formats multiply at one peak.
        var computeFormat = requested.Arithmetic() == ComputePrecision ? requested : ComputePrecision;
        DispatchPrecision = deployment.DispatchPrecision
                            ?? (computeFormat.Bytes() < deployment.ActivationPrecision.Bytes() ? computeFormat : deployment.ActivationPrecision);
        PadsGather = DispatchPrecision.StoredBytes() > DispatchPrecision.Bytes();

        AttentionPeakFlops = accelerator.PeakFlops(AttentionPrecision);
        if (AttentionPrecision != ComputePrecision)
        {
            notes.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"attention runs at the activations' {AttentionPrecision.Key()} peak ({AttentionPeakFlops / 1e12:0.#} TFLOP/s), not the {ComputePrecision.Key()} GEMMs' ({PeakFlops / 1e12:0.#})"));
        }

        var tp = deployment.TensorParallel;
        var pp = deployment.PipelineParallel;
        TensorParallel = tp;

        // The slowest stage sets the pace: with layers that do not divide evenly it holds ceil(L / p) of them.
        StageLayers = (model.Layers + pp - 1) / pp;
        PipelineStages = pp;
        var stageShare = (double)StageLayers / model.Layers;
        // Stored sizes: a 4-bit format's block scales count (PrecisionInfo.StoredBytes); the vocab x hidden tables stay
        // 16-bit when the layers are narrower, as the quantisation tools leave them (LlmModelSpec.SixteenBitVocabTables).
        // A mixed checkpoint stores its share at the second format (Deployment.MixedWeights) and multiplies it there.
        // Its share is spread over every GEMM, or holds exactly the layers outside the routed experts (DenseOnly).
        var denseWeightBytes = ClusterSim.Scenarios.MixedWeights.DenseBytes(deployment.WeightPrecision, deployment.MixedWeights);
        var expertWeightBytes = ClusterSim.Scenarios.MixedWeights.ExpertBytes(deployment.WeightPrecision, deployment.MixedWeights);
        DenseMixedFactor = deployment.MixedWeights?.DenseComputeFactor(deployment.MixedSlowdown) ?? 1;
        ExpertMixedFactor = deployment.MixedWeights?.ExpertComputeFactor(deployment.MixedSlowdown) ?? 1;
        var kvBytes = deployment.KvCachePrecision.StoredBytes();
        var sixteenBitTables = model.VocabSize > 0 && deployment.WeightPrecision.KeepsSixteenBitVocabTables();
        var tableBytes = sixteenBitTables ? 2.0 : deployment.WeightPrecision.StoredBytes();
        foreach (var stored in new[] { deployment.WeightPrecision, deployment.KvCachePrecision }.Distinct())
        {
            if (stored.StorageNote() is { } storage)
            {
                notes.Add(storage);
            }
        }
        var actBytes = deployment.ActivationPrecision.Bytes();

        // Dense FLOPs: 2 per active parameter per token (multiply and add), split over the tensor-parallel group;
        // but not for the vocab x hidden tables. The input embedding is a lookup (no FLOPs; it reads one row per token),
        // and the output projection (lm_head) runs only where a token is sampled: once per sequence of the iteration
        // (its last prompt position, or its decode token), as vLLM, SGLang and TensorRT-LLM compute logits (a middle
        // prompt chunk, which samples nothing, is charged too: one row). The head sits on the last pipeline stage; it
        // is added to the stage priced here (the slowest), which holds ceil(L / p) layers. Counting both tables as
        // per-token GEMMs overcharged an 8B Llama 3 by 13 % of its prompt FLOPs and 6.5 % of its weight reads.
        var vocabTable = model.VocabTableParameters;
        var layerActive = model.ActiveParameters - model.VocabTablesCounted * vocabTable;
        Check(layerActive > 0,
            $"model '{model.Key}': its active parameters ({model.ActiveParameters / 1e9:G4} B) do not exceed its " +
            $"{model.VocabTablesCounted} vocab x hidden table(s) ({vocabTable / 1e9:G4} B each)");
        _flopsPerToken = 2.0 * layerActive * stageShare / tp;
        _headFlopsPerSequence = 2.0 * vocabTable / tp;

        // The same FLOPs split by kernel: the GEMMs every token passes through (attention projections, dense MLPs,
        // shared experts, head) and, for a mixture of experts, one routed expert's MLP per (token, chosen expert).
        // With expert parallelism a rank holds experts / ep whole experts, each split over the tp / ep ranks left: an
        // assignment costs it tp / ep shares of the expert instead of one tp-th, on the ranks its expert lives on only.
        var ep = deployment.ExpertParallel;
        Check(ep >= 1 && tp % ep == 0, $"expert_parallel {ep} must be at least 1 and divide tensor_parallel {tp}");
        Check(ep == 1 || (model.Moe is { } em && em.Experts % ep == 0),
            $"expert_parallel {ep} needs a mixture of experts whose routed experts it divides ('{model.Key}' has {model.Moe?.Experts ?? 0})");
        var dp = deployment.AttentionDataParallel;
        Check(!dp || (model.Moe is not null && ep == tp),
            $"attention data parallelism needs a mixture of experts with its routed experts over every rank (expert_parallel = tensor_parallel {tp}), got expert_parallel {ep}{(model.Moe is null ? $" and dense '{model.Key}'" : "")}");
        AttentionDataParallel = dp;
        _expertParallel = ep;
        _rankTail = RankTail.For(ep);
        var expertFlopsPerAssignmentAveraged = model.Moe is null ? 0 : 2.0 * model.ParametersPerExpert * model.MoeLayers * stageShare / tp;
        _expertFlopsPerAssignment = model.Moe is null ? 0 : 2.0 * model.ParametersPerExpert * model.MoeLayers * stageShare / (tp / ep);
        _activeExperts = model.Moe?.ActiveExperts ?? 0;
        _denseFlopsPerToken = _flopsPerToken - expertFlopsPerAssignmentAveraged * _activeExperts;
        Check(_denseFlopsPerToken >= -1e-9 * _flopsPerToken,
            $"model '{model.Key}': active_params_b ({model.ActiveParameters / 1e9:G4}) is less than its routed experts alone " +
            $"({model.MoeLayers} MoE layers x {model.Moe?.ActiveExperts} active experts x {model.ParametersPerExpert / 1e9:G4}e9 parameters)");
        _denseFlopsPerToken = Math.Max(0, _denseFlopsPerToken);

        var heads = (double)model.Heads;
        var headDim = (double)model.EffectiveHeadDim;
        double attentionPerPairPerLayer;
        double decodePerPairPerLayer;
        double kvValuesPerTokenPerLayer;
        double kvProjectionWidth;
        if (model.Mla is { } mla)
        {
            // MLA: scores over (nope + rope) dims and values over v_head_dim per head; the cache keeps one latent of
            // kv_lora_rank + rope values per token and layer, replicated on every tensor-parallel rank.
            var qkDim = (mla.QkNopeHeadDim > 0 ? mla.QkNopeHeadDim : headDim) + mla.QkRopeHeadDim;
            var vDim = mla.VHeadDim > 0 ? mla.VHeadDim : headDim;
            attentionPerPairPerLayer = 2.0 * heads * qkDim + 2.0 * heads * vDim;
            // A decoding token attends in the absorbed form (W_UK folded into its query, W_UV into the output): every
            // head scores the whole latent (kv_lora_rank + rope) and takes its values from the kv_lora_rank part, as
            // TensorRT-LLM's, FlashMLA's and vLLM's MLA decode kernels do (an MQA over the latent; TensorRT-LLM tech blog 3,
            // "Weights absorb and MQA"). Prompts keep the form above (decompressed K and V: fewer FLOPs from 256 tokens on).
            decodePerPairPerLayer = 2.0 * heads * (mla.KvLoraRank + mla.QkRopeHeadDim) + 2.0 * heads * mla.KvLoraRank;
            kvValuesPerTokenPerLayer = (double)(mla.KvLoraRank + mla.QkRopeHeadDim) * (dp ? 1 : tp);
            kvProjectionWidth = mla.KvLoraRank + mla.QkRopeHeadDim;
        }
        else
        {
            // QK^T and AV: 2 x head_dim FLOPs each per (query, key) pair and head.
            attentionPerPairPerLayer = 4.0 * heads * headDim;
            decodePerPairPerLayer = attentionPerPairPerLayer;

            // K and V per KV head; heads are split over ranks, and replicated when there are fewer heads than ranks.
            // With attention dp a rank keeps every head of its own sequences: nothing is copied.
            var kvHeadsPerRank = dp ? model.EffectiveKvHeads : Math.Ceiling((double)model.EffectiveKvHeads / tp);
            kvValuesPerTokenPerLayer = 2.0 * kvHeadsPerRank * headDim * (dp ? 1 : tp);
            kvProjectionWidth = 2.0 * model.EffectiveKvHeads * headDim;
        }

        _attentionFlopsPerPair = attentionPerPairPerLayer * StageLayers / tp;
        _decodeAttentionFlopsPerPair = decodePerPairPerLayer * StageLayers / tp;
        _kvBytesPerToken = kvValuesPerTokenPerLayer / tp * StageLayers * kvBytes;

        // Weights: read once per pass over the batch. For MoE only the experts the batch routes to are read.
        // Attention dp: every rank holds whole copies of all but the routed experts.
        // The output projection is read whole every pass; the input embedding only at the rows of the batch's tokens
        // (element-wise traffic below), unless it is the same table (tied).
        var layerAlways = model.AlwaysReadParameters - model.VocabTablesCounted * vocabTable;
        _alwaysWeightBytes = (layerAlways * stageShare * denseWeightBytes + vocabTable * tableBytes) / (dp ? 1 : tp);
        if (model.Moe is { } moe)
        {
            _experts = moe.Experts;
            _expertsPerRank = (double)moe.Experts / ep;
            _routingMissRatio = 1.0 - (double)moe.ActiveExperts / moe.Experts;
            var stageMoeLayers = model.MoeLayers * stageShare;
            _expertWeightBytes = stageMoeLayers * model.ParametersPerExpert * expertWeightBytes / (tp / ep);
        }

        // Activations, each tensor written once and read once. Whole on every rank (tensor parallelism does not split
        // them): the residual stream's two add-and-norms, each reading the residual and the sublayer's output and
        // writing both the new residual and the normed input (fused add-norm kernels: 2 x 4 x hidden), and the two
        // row-parallel outputs (attention's o and the MLP's down projection) written at full width as partial sums
        // before their all-reduce (2 x hidden): 10 x hidden. On this rank's share: the projection outputs (q, k, v and
        // attention's output) and the MLP intermediates (gate, up, product: 3 x ffn). Until 2026-12 the whole part was
        // 4 x hidden, which Vidur's H100 timings of vLLM's element-wise kernels showed short by a factor growing
        // with tensor parallelism (VidurH100ProjectionTests). A MoE layer also writes each routed expert's output at full
        // width and reads the k of them back to weigh and sum them (vLLM's fused_moe and TensorRT-LLM's finalize kernel
        // alike): 2 x k x hidden per token, on the ranks that hold the experts (a 1 / ep share of them). Engines that
        // also copy each token's input k times before the grouped GEMMs (TensorRT-LLM's CUTLASS path) move more; that
        // copy is not counted.
        var ffnPerToken = model.Moe is { } m
            ? (double)(m.ActiveExperts + m.SharedExperts) * m.ExpertFfnSize
            : model.FfnSize;
        var projections = heads * headDim + kvProjectionWidth + model.HiddenSize;
        if (dp)
        {
            notes.Add($"attention data parallel: each of the {tp} ranks runs its own sequences with whole copies of all but the routed experts " +
                      "and a KV cache of its own; every MoE layer waits for all ranks, so a " +
                      "step's attention and dense layers take the busiest rank's tokens (decodes spread evenly, whole prompts or chunks each on one rank: " +
                      "a lone prompt loads one rank with all of it), as TensorRT-LLM's attention-DP iterations are timed by their slowest rank (NVIDIA, ADP Balance Strategy, tech blog 10)");
            var dispatchFormat = deployment.DispatchPrecision is null
                ? $"{DispatchPrecision.Key()}, the format the experts' GEMMs take (TensorRT-LLM quantises an 8-bit or 4-bit checkpoint's tokens before the exchange, but gathers a block-scaled FP8 one's, such as DeepSeek's, in bf16, as vLLM's default backend gathers every one's: set expert_exchange.dispatch)"
                : $"{DispatchPrecision.Key()}, as the deployment's expert_exchange.dispatch says";
            notes.Add((deployment.ExpertExchange == ClusterSim.Scenarios.ExpertExchange.AllGather
                ? "attention data parallel: each MoE layer gathers every rank's tokens to every rank and reduce-scatters the experts' outputs back " +
                  "(expert_exchange all_gather: TensorRT-LLM wherever its all-to-all is off, as it is with no more ranks than experts a token or without " +
                  $"multi-node NVLink, and vLLM's default allgather_reducescatter backend), {(PadsGather ? "padded to the busiest rank's tokens, as TensorRT-LLM pads tokens that carry block scales" : "each rank's own tokens (TensorRT-LLM pads only tokens that carry block scales, NVFP4's)")}, priced on the link fit as a ring moves them " +
                  "(no all-gather measured)"
                : "attention data parallel: each MoE layer sends each token once to every rank holding one of its experts and the outputs back (expert_exchange " +
                  $"all_to_all: DeepEP, NVLink one-sided, MNNVL; {DistinctRanksOf(model.Moe!, tp):0.##} ranks a token under uniform routing), each lasting as long as the busiest rank's larger side")
                + $"; hidden states go out in {dispatchFormat}, outputs return in {deployment.ActivationPrecision.Key()}");
            // Said in the run because it is the least checked of the serving paths: a planner should know which way it errs.
            // How far, the deployment's validation note says from the shipped record, which a fixed range here would only go stale against.
            notes.Add("attention data parallel: checked against TensorRT-LLM's published rows of such deployments (Qwen3-235B, Llama 4 Scout, " +
                      "DeepSeek-R1), this model reads fast, by as much as this deployment's note on the published measurements gives; read its " +
                      "throughput as an upper estimate (README, Known gaps)");
        }

        if (ep > 1)
        {
            _popularity = deployment.ExpertPopularity ?? model.Moe!.Popularity ?? ExpertPopularity.Uniform;
            var uniform = $"mean + {_rankTail.Normal:0.00} standard deviations of each token's random choice (normal approximation), the experts equally popular";
            var skew = _popularity.IsUniform
                ? deployment.ExpertPopularity is not null
                    ? $"{uniform}, as the deployment's expert_load says (a balanced placement, such as EPLB's, leaves this)"
                    : $"{uniform}: '{model.Key}' has no measured routing skew (models.yaml load_cv), so this is the least imbalance " +
                      "real routing shows and the step the shortest; give the deployment expert_load from a measurement of your traffic"
                : $"the most of {ep} gamma-distributed loads, each token's random choice added to the experts' popularity from {_popularity.Source} (their token counts vary by {_popularity.Cv:0.###} of the mean, the hottest " +
                  $"{_popularity.HottestRatio:0.###} times it): a rank's share varies by {_popularity.Cv * Math.Sqrt((1 - 1.0 / ep) * ep / model.Moe!.Experts):0.###} " +
                  $"of the mean, and at large batches the busiest rank carries {ExpertLoad.Busiest(1e9, _rankTail, model.Moe!.Experts, _popularity) / (1e9 / ep):0.###} times the mean";
            notes.Add($"expert parallelism: the {model.Moe!.Experts} routed experts spread over {ep} ranks ({model.Moe.Experts / ep} whole experts each, " +
                      $"each split over {tp / ep}); a step waits for the busiest rank, its expected load {skew}; its expert GEMMs" +
                      (dp && deployment.ExpertExchange == ClusterSim.Scenarios.ExpertExchange.AllToAll ? ", and the tokens the dispatch all-to-all brings it," : "") + " are the busiest rank's" +
                      (dp ? "" : "; the MoE output is combined by the tensor group's all-reduce, as vLLM does"));
        }

        var expertOutputs = model.Moe is { } routed
            ? 2.0 * routed.ActiveExperts * model.HiddenSize * ((double)model.MoeLayers / model.Layers) * (dp ? tp : 1) / ep
            : 0;

        // (Attention dp: whole projections and intermediates on each rank, for a tp-th of the tokens.)
        _activationBytesPerToken = actBytes * StageLayers * (ReplicatedActivationsPerLayer * model.HiddenSize + expertOutputs + 2.0 * (projections + 3.0 * ffnPerToken) / (dp ? 1 : tp)) / (dp ? tp : 1)
                                   + (model.VocabSize > 0 ? model.HiddenSize * tableBytes / tp : 0); // the embedding row looked up
        // The experts' outputs alone: with attention dp they sit on the ranks their experts live on, spread by routing
        // rather than by whose sequences they are (RooflineExecutionModel prices the rest at the busiest rank).
        _expertOutputBytesPerToken = actBytes * StageLayers * expertOutputs / (dp ? tp : 1);

        // Tensor parallelism: one all-reduce of the hidden state after attention and one after the MLP, per layer.
        // With attention dp there is none: each rank's attention and dense layers are whole, and every MoE layer moves
        // the tokens to the ranks of their experts and the outputs back (Deployment.ExpertExchange): gathered to every
        // rank and reduce-scattered back, or each token's k copies sent only where their experts live (two all-to-alls).
        // The hidden states go out in the format the experts' GEMMs take (an FP8 or FP4 checkpoint quantises them
        // first: TensorRT-LLM's quantize_input before its all-gather, DeepEP's FP8 dispatch) and come back in 16 bits,
        // as every engine reduces the outputs.
        AllReducesPerStage = tp > 1 && !dp ? 2 * StageLayers : 0;
        ExpertExchangesPerStage = dp && tp > 1 ? (int)Math.Round(model.MoeLayers * stageShare) : 0;
        ExpertExchange = deployment.ExpertExchange;
        DispatchBytesPerToken = dp ? model.HiddenSize * DispatchPrecision.StoredBytes() : 0;

        DistinctRanksPerToken = model.Moe is { } routing && ep > 1 ? DistinctRanksOf(routing, ep) : 0;
        HiddenBytesPerToken = model.HiddenSize * actBytes;

        // GEMM shapes: a rank's cut of K (o_proj, down projections) lowers the rate its GEMMs reach (GemmShapeEfficiency).
        (DenseShapeFactor, ExpertShapeFactor, var smallestK) = ShapeFactors(model, dp ? 1 : tp, tp / ep, ComputePrecision);

        // A 16-bit output projection multiplies at the 16-bit peak, whatever the layers' format.
        var headPrecision = sixteenBitTables ? accelerator.ResolveCompute(Precision.Bf16) ?? ComputePrecision : ComputePrecision;
        HeadShapeFactor = GemmShapeEfficiency.RateFactor(model.HiddenSize, headPrecision);
        HeadPeakRatio = headPrecision == ComputePrecision ? 1.0 : accelerator.PeakFlops(headPrecision) / PeakFlops;
        if (sixteenBitTables)
        {
            notes.Add($"the embedding and output tables stay 16-bit beside {deployment.WeightPrecision.Key()} layers, as the quantisation tools " +
                      "leave them (ModelOpt, llm-compressor, AutoAWQ, GPTQ, Quark)" +
                      (HeadPeakRatio < 1 ? $"; the output projection multiplies at the {headPrecision.Key()} peak" : ""));
        }
        GemmLaunchesPerStage = GemmLaunches(model, StageLayers);
        if (DenseShapeFactor < 0.99 || (model.Moe is not null && ExpertShapeFactor < 0.99))
        {
            notes.Add(
                $"GEMM inner dimensions per rank (smallest K {smallestK:0}): the layers' GEMMs run at {DenseShapeFactor:0.00}" +
                (model.Moe is null ? "" : $" and the routed experts' at {ExpertShapeFactor:0.00}") +
                $" of the square-matmul rate the compute efficiency stands for (rate as K / (K + {GemmShapeEfficiency.K0(ComputePrecision):0}) at " +
                $"{ComputePrecision.Key()}, fitted to GEMMs timed on an H200: scenarios/profiles/h200_kernel_shape_probe.csv" +
                (GemmShapeEfficiency.MeasuredOn(accelerator.Key) ? ")" : $"; not measured on {accelerator.Key}, assumed alike)"));
        }

        Notes = notes;
    }

    public Precision ComputePrecision { get; }

    /// <summary>Rate of the layers' dense GEMMs on a rank over the square benchmark's, for their inner dimensions (at most about 1).</summary>
    public double DenseShapeFactor { get; }

    /// <summary>Likewise for the routed experts' GEMMs (1 for a dense model).</summary>
    public double ExpertShapeFactor { get; }

    /// <summary>Likewise for the output projection (K = hidden size).</summary>
    public double HeadShapeFactor { get; }

    /// <summary>
    /// Time of the dense layers' GEMMs (all but the routed experts) over what they would take all at the main format:
    /// (1 - s) + s x slowdown for a share s spread at a second precision, the slowdown itself when the second precision
    /// holds exactly these layers (<see cref="Deployment.MixedWeights"/>); 1 without a mix. The output projection is apart.
    /// </summary>
    public double DenseMixedFactor { get; }

    /// <summary>The same for the routed experts' GEMMs: (1 - s) + s x slowdown spread, 1 when the mix holds only the dense layers.</summary>
    public double ExpertMixedFactor { get; }

    /// <summary>The output projection's peak over the GEMMs' (below 1 when it stays 16-bit beside narrower layers).</summary>
    public double HeadPeakRatio { get; }

    /// <summary>GEMM launches of one pass through the stage priced (its layers' and the output projection's).</summary>
    public int GemmLaunchesPerStage { get; }

    /// <summary>
    /// GEMM launches of a pass: per layer the attention projections (q/k/v fused and o; MLA's q, or q_a and q_b, kv_a,
    /// kv_b and o), then a dense MLP's fused gate/up and down, or a MoE layer's router, its experts' two grouped GEMMs and
    /// its shared experts' two; plus the output projection. The layers are the model's average mix over the stage.
    /// </summary>
    private static int GemmLaunches(LlmArchitecture model, int stageLayers)
    {
        var attention = model.Mla is { } mla ? (mla.QLoraRank > 0 ? 2 : 1) + 3 : 2;
        double perLayer = attention;
        if (model.Moe is { } moe)
        {
            var moeShare = (double)model.MoeLayers / model.Layers;
            perLayer += (1 - moeShare) * 2 + moeShare * (3 + (moe.SharedExperts > 0 ? 2 : 0));
        }
        else
        {
            perLayer += 2;
        }

        return (int)Math.Round(perLayer * stageLayers) + 1;
    }

    /// <summary>
    /// The rate factors of a rank's GEMMs, each weighted by its parameters (its FLOPs per token): attention projections
    /// and dense MLPs cut over <paramref name="attentionRanks"/>, routed experts over <paramref name="expertRanks"/>. The
    /// MLP is taken as gated (gate and up fused, then down); for the factor only where each GEMM's K lies matters.
    /// </summary>
    private static (double Dense, double Experts, double SmallestK) ShapeFactors(LlmArchitecture model, int attentionRanks, int expertRanks, Precision precision)
    {
        double h = model.HiddenSize, t = attentionRanks;
        var layers = (double)model.Layers;
        var dense = new List<(double K, double Work)>();
        if (model.Mla is { } mla)
        {
            var qk = (mla.QkNopeHeadDim > 0 ? mla.QkNopeHeadDim : model.EffectiveHeadDim) + mla.QkRopeHeadDim;
            var v = mla.VHeadDim > 0 ? mla.VHeadDim : model.EffectiveHeadDim;
            if (mla.QLoraRank > 0)
            {
                dense.Add((h, layers * h * mla.QLoraRank));
                dense.Add((mla.QLoraRank, layers * mla.QLoraRank * model.Heads * qk / t));
            }
            else
            {
                dense.Add((h, layers * h * model.Heads * qk / t));
            }

            dense.Add((h, layers * h * (mla.KvLoraRank + mla.QkRopeHeadDim)));
            dense.Add((mla.KvLoraRank, layers * mla.KvLoraRank * model.Heads * (qk - mla.QkRopeHeadDim + v) / t));
            dense.Add((model.Heads * v / t, layers * model.Heads * v / t * h));
        }
        else
        {
            var hd = (double)model.EffectiveHeadDim;
            dense.Add((h, layers * h * (model.Heads + 2.0 * model.EffectiveKvHeads) * hd / t));
            dense.Add((model.Heads * hd / t, layers * model.Heads * hd / t * h));
        }

        var denseMlpLayers = model.Moe is null ? layers : model.Moe.DenseLayers;
        dense.Add((h, denseMlpLayers * 2 * h * model.FfnSize / t));
        dense.Add((model.FfnSize / t, denseMlpLayers * model.FfnSize / t * h));
        var smallest = dense.Where(g => g.Work > 0).Min(g => g.K);
        var experts = 1.0;
        if (model.Moe is { } moe)
        {
            if (moe.SharedExperts > 0)
            {
                var shared = (double)moe.SharedExperts * moe.ExpertFfnSize;
                dense.Add((h, model.MoeLayers * 2 * h * shared / t));
                dense.Add((shared / t, model.MoeLayers * shared / t * h));
            }

            var ffn = (double)moe.ExpertFfnSize / expertRanks;
            experts = GemmShapeEfficiency.Combined([(h, 2 * h * ffn), (ffn, ffn * h)], precision);
            smallest = Math.Min(smallest, ffn);
        }

        return (GemmShapeEfficiency.Combined(dense, precision), experts, smallest);
    }

    /// <summary>
    /// KV-cache bytes one token occupies across the whole replica (all tensor ranks and pipeline stages), as
    /// stored: an MLA latent is kept on every tensor rank, and KV heads are copied when there are fewer of
    /// them than ranks, so this can exceed the model's own per-token KV size.
    /// </summary>
    public double KvBytesPerTokenPerReplica => _kvBytesPerToken * TensorParallel * PipelineStages;

    public double PeakFlops { get; }

    /// <summary>The precision attention's arithmetic runs at: the activations', or the GEMMs' when that is wider.</summary>
    public Precision AttentionPrecision { get; }

    /// <summary>Peak FLOP/s at <see cref="AttentionPrecision"/>: what attention's FLOPs are priced against.</summary>
    public double AttentionPeakFlops { get; }

    public double BytesPerSecond { get; }

    public int TensorParallel { get; }

    public int StageLayers { get; }

    /// <summary>Pipeline stages; the largest one (<see cref="StageLayers"/>) is the one whose memory binds.</summary>
    public int PipelineStages { get; }

    public int AllReducesPerStage { get; }

    /// <summary>Attention data parallelism: ranks run their own sequences with whole weights (see <see cref="Deployment.AttentionDataParallel"/>).</summary>
    public bool AttentionDataParallel { get; }

    /// <summary>Exchanges of tokens with the ranks of their experts per stage and pass: one per MoE layer, each a dispatch and a combine (attention dp only).</summary>
    public int ExpertExchangesPerStage { get; }

    /// <summary>How each exchange moves the tokens (<see cref="Deployment.ExpertExchange"/>).</summary>
    public ClusterSim.Scenarios.ExpertExchange ExpertExchange { get; }

    /// <summary>Format the dispatched hidden states travel in (<see cref="Deployment.DispatchPrecision"/>, or its default).</summary>
    public Precision DispatchPrecision { get; }

    /// <summary>
    /// Expert-parallel ranks a token's k experts live on, under uniform routing: ep (1 - C(E - E/ep, k) / C(E, k)); the
    /// ranks an all-to-all sends it to. 0 without expert parallelism.
    /// </summary>
    public double DistinctRanksPerToken { get; }

    /// <summary>
    /// Ranks a token's k experts live on, under uniform routing: each of the <paramref name="ranks"/> holds g = E / ranks
    /// of the E experts and is missed with probability C(E - g, k) / C(E, k), the chance that k distinct experts all lie elsewhere.
    /// </summary>
    private static double DistinctRanksOf(MoeSpec routing, int ranks)
    {
        var missed = 1.0;
        var held = routing.Experts / ranks;
        for (var i = 0; i < routing.ActiveExperts; i++)
        {
            missed *= Math.Max(0.0, routing.Experts - held - i) / (routing.Experts - i);
        }

        return ranks * (1 - missed);
    }

    /// <summary>
    /// Whether an all-gather pads every rank's part to the busiest rank's: where the tokens travel with block scales
    /// (NVFP4's, which TensorRT-LLM gathers padded), not where each rank's own count can be gathered as it is.
    /// </summary>
    public bool PadsGather { get; }

    /// <summary>Routed experts each token chooses (k; 0 for a dense model).</summary>
    public int ActiveExperts => _activeExperts;

    /// <summary>Bytes of one copy of a token's hidden state as dispatched (scales included); 0 without attention dp.</summary>
    public double DispatchBytesPerToken { get; }

    /// <summary>Bytes of one token's hidden state: the all-reduce and pipeline send/recv payload per token.</summary>
    public double HiddenBytesPerToken { get; }

    public IReadOnlyList<string> Notes { get; }

    /// <summary>FLOPs this accelerator performs for the whole iteration (routed experts without tile padding).</summary>
    public double Flops(in IterationShape shape)
        => _flopsPerToken * shape.Tokens + HeadFlops(shape.Sequences) + AttentionFlops(shape);

    /// <summary>FLOPs of the GEMMs every token passes through, for <paramref name="tokens"/> tokens.</summary>
    public double DenseFlops(double tokens) => _denseFlopsPerToken * tokens;

    /// <summary>FLOPs of the output projection (lm_head) for <paramref name="sequences"/> sampled positions.</summary>
    public double HeadFlops(double sequences) => _headFlopsPerSequence * sequences;

    /// <summary>
    /// Expected distinct routed experts <paramref name="tokens"/> tokens reach on one rank when each picks k of E
    /// uniformly: E/ep x (1 - (1 - k/E)^n), at most the rank's E/ep (E without expert parallelism); 0 for a dense model.
    /// A skewed router touches fewer (hot experts repeat), but how many experts are cold is what a measured coefficient
    /// of variation and hottest ratio do not say (a gamma with DeepSeek-R1's cv would leave 9 % of them untouched by
    /// 1,024 tokens, a lognormal fewer), so the count stays uniform routing's: the most, the weights read the most.
    /// </summary>
    public double TouchedExperts(double tokens)
        => _experts == 0 || tokens <= 0 ? 0 : _expertsPerRank * (1.0 - Math.Pow(_routingMissRatio, tokens));

    /// <summary>Expert-parallel ranks the routed experts are spread over (1: none).</summary>
    public int ExpertParallel => _expertParallel;

    /// <summary>
    /// Token-to-expert assignments on the busiest expert-parallel rank for <paramref name="tokens"/> tokens (all of them,
    /// tokens x k, without expert parallelism): see <see cref="ExpertLoad"/>.
    /// </summary>
    public double BusiestAssignments(double tokens) => ExpertLoad.Busiest(tokens * _activeExperts, _rankTail, _experts, _popularity);

    /// <summary>The router's skew over the experts this deployment is priced with (uniform without expert parallelism).</summary>
    public ExpertPopularity ExpertPopularity => _popularity;

    /// <summary>
    /// FLOPs of the routed-expert GEMMs on the busiest rank when <paramref name="tokens"/> tokens each go to top-k of
    /// the <paramref name="touched"/> experts they reach there, each expert's rows rounded up to whole grouped-GEMM tiles of
    /// <paramref name="tileRows"/> (with the load spread evenly): an expert that receives a few tokens pays for a
    /// whole tile, so few tokens per expert run at the efficiency of what the expert actually receives.
    /// </summary>
    public double ExpertFlops(double tokens, double touched, double tileRows)
        => ExpertFlopsOfBusiest(BusiestAssignments(tokens), touched, tileRows);

    /// <summary><see cref="ExpertFlops"/> from the busiest rank's assignments, where the caller has them already.</summary>
    public double ExpertFlopsOfBusiest(double busiestAssignments, double touched, double tileRows)
    {
        if (touched <= 0)
        {
            return 0;
        }

        var rowsPerExpert = busiestAssignments / touched;
        return _expertFlopsPerAssignment * touched * Math.Ceiling(rowsPerExpert / tileRows) * tileRows;
    }

    /// <summary>Attention FLOPs: prefill (query, key) pairs and every decoding token over its context.</summary>
    /// <summary>The factor of <see cref="AttentionFlops"/>: FLOPs per (query, key) pair on this accelerator.</summary>
    internal double AttentionFlopsPerPair => _attentionFlopsPerPair;

    /// <summary>FLOPs per (decoding token, context token) pair: <see cref="AttentionFlopsPerPair"/>, but for MLA's absorbed decode.</summary>
    internal double DecodeAttentionFlopsPerPair => _decodeAttentionFlopsPerPair;

    /// <summary>The factor of <see cref="KvBytes"/>: KV-cache bytes per token on this accelerator.</summary>
    internal double KvBytesPerToken => _kvBytesPerToken;

    public double AttentionFlops(in IterationShape shape)
        => _decodeAttentionFlopsPerPair == _attentionFlopsPerPair
            ? _attentionFlopsPerPair * ((double)shape.PrefillAttentionPairs + shape.DecodeAttentionPairs)
            : (_attentionFlopsPerPair * shape.PrefillAttentionPairs) + (_decodeAttentionFlopsPerPair * shape.DecodeAttentionPairs);

    /// <summary>KV-cache bytes the attention kernels read (contexts, cached prefixes) and write (every new token).</summary>
    public double KvBytes(in IterationShape shape)
        => _kvBytesPerToken * (shape.DecodeAttendedTokens + shape.PrefillCachedTokens + shape.Tokens);

    /// <summary>Bytes the element-wise kernels (norms, residual adds, activations) move for <paramref name="tokens"/> tokens.</summary>
    public double ActivationBytes(double tokens) => _activationBytesPerToken * tokens;

    /// <summary>
    /// The part of <see cref="ActivationBytes"/> that is the routed experts' outputs (written at full width, read back to
    /// be weighed and summed): spread over the expert-parallel ranks by routing, not by which rank's sequences they are.
    /// </summary>
    public double ExpertOutputBytes(double tokens) => _expertOutputBytesPerToken * tokens;

    /// <summary>Weights every pass reads whatever the batch: all but the routed experts.</summary>
    public double AlwaysWeightBytes => _alwaysWeightBytes;

    /// <summary>Routed-expert weights a pass reads when it reaches <paramref name="touched"/> experts.</summary>
    public double ExpertWeightBytes(double touched) => _expertWeightBytes * touched;

    /// <summary>Weight bytes one pass over <paramref name="tokens"/> tokens reads on this accelerator.</summary>
    public double WeightBytesPerPass(double tokens) => _alwaysWeightBytes + ExpertWeightBytes(TouchedExperts(tokens));

    /// <summary>KV cache and activation bytes of the whole iteration (they do not repeat per micro-batch).</summary>
    public double StreamBytes(in IterationShape shape) => KvBytes(shape) + ActivationBytes(shape.Tokens);

    /// <summary>All FLOPs at peak or all bytes at peak bandwidth, whichever takes longer: nothing can run faster.</summary>
    public double PhysicalBoundSeconds(in IterationShape shape)
        => Math.Max(Flops(shape) / PeakFlops, (WeightBytesPerPass(shape.Tokens) + StreamBytes(shape)) / BytesPerSecond);

    private static void Check(bool condition, string problem)
    {
        if (!condition)
        {
            throw new ArgumentException($"deployment: {problem}");
        }
    }
}

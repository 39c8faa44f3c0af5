using ClusterSim.Model.Hardware;
using Precision = ClusterSim.Scenarios.Precision;

namespace ClusterSim.Model.Performance;

/// <summary>
/// One model replica's placement: which model, on which accelerators, at which precisions, split how.
/// </summary>
public sealed record Deployment
{
    public required LlmArchitecture Model { get; init; }

    public required AcceleratorSpec Accelerator { get; init; }

    /// <summary>Storage format of the weights: sets the bytes every iteration reads.</summary>
    public Precision WeightPrecision { get; init; } = Precision.Bf16;

    /// <summary>A share of the layer weights stored and multiplied at a second precision (AutoQuantize's mixed checkpoints); null: none.</summary>
    public ClusterSim.Scenarios.MixedWeights? MixedWeights { get; init; }

    /// <summary>
    /// How many times longer a FLOP of the mixed share's GEMMs takes than one of the main format's, at the rates each
    /// reaches: the accelerator's measured matmul shares at both precisions where it has them (an H200's BF16 GEMMs reach
    /// 794 TFLOP/s where its FP8 ones reach 1,366: 1.72), else the ratio of the peaks. 1 without a mix.
    /// </summary>
    public double MixedSlowdown { get; init; } = 1;

    /// <summary>Storage format of the KV cache: sets the bytes read and written per token of context.</summary>
    public Precision KvCachePrecision { get; init; } = Precision.Bf16;

    /// <summary>Format of activations: sets the bytes of collectives and activation traffic.</summary>
    public Precision ActivationPrecision { get; init; } = Precision.Bf16;

    /// <summary>
    /// Format the matrix arithmetic runs at. Null derives it: the weight format, except weight-only int4, which
    /// computes in the activation format (W4A16 kernels dequantise on the fly), and fp4 weights on an accelerator without
    /// fp4 arithmetic, which the engines run the same way (vLLM's Marlin FP4 kernels, TensorRT-LLM's Triton MXFP4 MoE on
    /// Hopper: "the activation can be in either bf16 (Hopper) or mxfp8 (Blackwell)", examples/models/core/gpt_oss).
    /// Falls back to a wider format the accelerator has when it lacks this one.
    /// </summary>
    public Precision? ComputePrecision { get; init; }

    public int TensorParallel { get; init; } = 1;

    public int PipelineParallel { get; init; } = 1;

    /// <summary>Accelerators that share a scale-up domain (a node); a group larger than this crosses the scale-out network.</summary>
    public int AcceleratorsPerNode { get; init; } = 8;

    /// <summary>Micro-batches one iteration is split into across pipeline stages (1 = no pipelining within an iteration).</summary>
    public int PipelineMicroBatches { get; init; } = 1;

    /// <summary>
    /// Ranks of the tensor group the routed experts are spread over, whole (the rest of the group splits each expert):
    /// 1 for tensor parallelism only. Divides <see cref="TensorParallel"/> and the expert count.
    /// </summary>
    public int ExpertParallel { get; init; } = 1;

    /// <summary>
    /// Attention and dense layers data-parallel over the tensor group: each rank runs its own share of the sequences
    /// with whole weights and its own KV cache, and the routed experts are spread over every rank
    /// (<see cref="ExpertParallel"/> = <see cref="TensorParallel"/>), tokens moved by all-to-alls.
    /// </summary>
    public bool AttentionDataParallel { get; init; }

    /// <summary>
    /// The router's skew over the experts for this deployment's traffic (the scenario's `expert_load`), in place of
    /// the model's measured one; null: the model's, or equally popular experts where it has none.
    /// </summary>
    public ExpertPopularity? ExpertPopularity { get; init; }

    /// <summary>
    /// How attention dp moves each rank's tokens to the ranks of their experts and the outputs back: gathered to every
    /// rank and reduce-scattered back (the engines' default on one NVLink node), or sent only where their experts live.
    /// </summary>
    public ClusterSim.Scenarios.ExpertExchange ExpertExchange { get; init; } = ClusterSim.Scenarios.ExpertExchange.AllGather;

    /// <summary>Format the dispatched hidden states travel in; null: the format the experts' GEMMs take where it is narrower than the activations', else the activations'.</summary>
    public Precision? DispatchPrecision { get; init; }

    public int Accelerators => TensorParallel * PipelineParallel;

    public Precision RequestedComputePrecision => ComputePrecision
        ?? (WeightOnly ? ActivationPrecision : WeightPrecision);

    /// <summary>Whether the weights are dequantised to the activations' format for the arithmetic (see <see cref="ComputePrecision"/>).</summary>
    public bool WeightOnly => WeightPrecision == Precision.Int4 || (ClusterSim.Scenarios.PrecisionInfo.Arithmetic(WeightPrecision) == Precision.Fp4 && !Accelerator.Supports(Precision.Fp4));
}

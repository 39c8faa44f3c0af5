using ClusterSim.Model.Hardware;
using ClusterSim.Model.Performance;
using VideoEfficiencyEntry = ClusterSim.Scenarios.VideoEfficiencyEntry;
using static ClusterSim.Scenarios.PrecisionInfo;
using Precision = ClusterSim.Scenarios.Precision;

namespace ClusterSim.Model.Serving.Video;

/// <summary>
/// Time of a video request's phases on one replica: text encoding, denoising steps of the DiT and VAE decoding.
/// GEMMs, attention and the VAE each run at their own fraction of peak (<see cref="VideoEfficiencyEntry"/>, per
/// accelerator and attention stack); the element-wise kernels are memory-bound. A replica runs the DiT with Ulysses
/// sequence parallelism, times two when classifier-free guidance is split across GPUs.
/// </summary>
/// <remarks>
/// <para>Per denoising step and request, with L latent tokens, T text tokens, d the hidden size, n the blocks, P the
/// DiT parameters, Pkv = 2 n d^2 the cross-attention key/value projections and G the guidance passes:</para>
/// <list type="bullet">
/// <item>cross-attention models: linear G x 2 x ((P - Pkv) x L + Pkv x T), self-attention G x 4 n d L^2,
/// cross-attention G x 4 n d L T;</item>
/// <item>joint-attention models (text tokens join the sequence of S = L + T): linear G x 2 x P x S, attention
/// G x 4 n d S^2, no cross-attention;</item>
/// <item>element-wise: G x bytes per element x S x d x n, at peak bandwidth x memory efficiency.</item>
/// </list>
/// <para>Sequence parallelism over k accelerators (DeepSpeed-Ulysses, as Wan2.1 and xDiT run it): the FLOPs and bytes
/// divide by k; the price is four all-to-alls per block and forward pass, each sending (k - 1)/k of an accelerator's
/// L/k x d activation shard (x the batch of the forward) over the scale-up link at the text stack's measured link
/// efficiency and step latency, not overlapped with compute. Guidance: sequential runs G forwards at batch 1,
/// batch runs one forward at batch G (same FLOPs, half the all-to-alls, each twice the bytes), split gives each half
/// of the replica one pass and then exchanges the predicted latent (one all-gather per step).</para>
/// <para>Text encoding (2 x encoder parameters x T per prompt; with guidance the negative prompt is encoded too) at
/// the GEMM rate, and VAE decoding (per output frame, scaled by pixels) at the VAE peak x VAE efficiency, run on
/// one accelerator, as Wan2.1's generate.py does (rank 0 decodes). The FSDP weight all-gathers of a sharded DiT
/// (--dit_fsdp) are taken as overlapped with compute: a block's 0.36 GB gathers in about 1 ms over NVLink against
/// tens of ms of compute.</para>
/// </remarks>
public sealed class VideoCostModel
{
    private readonly VideoModel _model;
    private readonly EfficiencyParams _links;
    private readonly VideoEfficiencyEntry _kernels;
    private readonly double _peakFlops;
    private readonly double _bandwidth;
    private readonly LinkSpec? _link;
    private readonly double _activationBytes;
    private readonly List<string> _notes = new();

    /// <summary>One factor for everything, as the LLM stacks give it: GEMMs, attention and the VAE at <see cref="EfficiencyParams.ComputeEfficiency"/> of the weights' peak.</summary>
    public VideoCostModel(VideoModel model, AcceleratorSpec accelerator, Precision weightPrecision, EfficiencyParams efficiency,
        int sequenceParallel = 1, int acceleratorsPerNode = 8, Precision activationPrecision = Precision.Bf16)
        : this(model, accelerator, weightPrecision, Uniform(accelerator, weightPrecision, efficiency), efficiency, sequenceParallel, acceleratorsPerNode, activationPrecision)
    {
    }

    /// <param name="kernels">GEMM, attention, memory and VAE efficiencies of this accelerator and attention stack.</param>
    /// <param name="links">Link efficiency and collective step latency (measured NCCL collectives of the text stacks).</param>
    /// <param name="sequenceParallel">Ulysses degree: accelerators one guidance pass is spread over.</param>
    /// <param name="acceleratorsPerNode">A group larger than this crosses the scale-out network.</param>
    public VideoCostModel(VideoModel model, AcceleratorSpec accelerator, Precision weightPrecision, VideoEfficiencyEntry kernels, EfficiencyParams links,
        int sequenceParallel = 1, int acceleratorsPerNode = 8, Precision activationPrecision = Precision.Bf16)
    {
        if (sequenceParallel < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(sequenceParallel), sequenceParallel, "at least one accelerator");
        }

        if (sequenceParallel > 1 && model.Heads % sequenceParallel != 0)
        {
            throw new ArgumentException($"Ulysses sequence parallelism splits heads: {sequenceParallel} does not divide the {model.Heads} heads of '{model.Key}'");
        }

        if (model.Guidance == VideoGuidance.Split && model.GuidancePasses != 2)
        {
            throw new ArgumentException($"'{model.Key}': guidance split across GPUs needs two guidance passes, it has {model.GuidancePasses}");
        }

        links.Validate();
        _model = model;
        _links = links;
        _kernels = kernels;
        SequenceParallel = sequenceParallel;
        var compute = accelerator.ResolveCompute(weightPrecision)
            ?? throw new ArgumentException($"accelerator '{accelerator.Key}' lists no precision to run {weightPrecision.Key()} at; it lists {accelerator.ListedPrecisions()}");
        if (compute != weightPrecision)
        {
            _notes.Add($"{weightPrecision.Key()} runs at the {compute.Key()} peak of {accelerator.Key}");
        }

        ComputePrecision = compute;
        _peakFlops = accelerator.PeakFlops(compute);
        _bandwidth = accelerator.HbmBandwidthGbs * 1e9;
        _activationBytes = activationPrecision.Bytes();
        var group = Accelerators;
        if (group > 1)
        {
            SpansNodes = group > acceleratorsPerNode;
            _link = SpansNodes ? accelerator.ScaleOut : accelerator.IntraNodeLink;
            if (_link is null)
            {
                throw new ArgumentException($"accelerator '{accelerator.Key}' has no {(SpansNodes ? "scale-out" : "scale-up or host")} link for a group of {group}");
            }
        }
    }

    public VideoModel Model => _model;

    public int SequenceParallel { get; }

    /// <summary>Accelerators one replica holds: the Ulysses group, twice over when guidance is split across GPUs.</summary>
    public int Accelerators => SequenceParallel * (_model.Guidance == VideoGuidance.Split ? 2 : 1);

    public bool SpansNodes { get; }

    public Precision ComputePrecision { get; }

    /// <summary>The kernel efficiencies in use (with their derivation when carried over from another accelerator).</summary>
    public VideoEfficiencyEntry Kernels => _kernels;

    /// <summary>Dense peak FLOP/s of one accelerator at the compute precision (the roof every kernel runs under).</summary>
    public double PeakFlops => _peakFlops;

    /// <summary>Achieved GEMM FLOP/s of one accelerator.</summary>
    public double FlopsPerSecond => _peakFlops * _kernels.GemmEfficiency;

    /// <summary>Achieved attention FLOP/s of one accelerator.</summary>
    public double AttentionFlopsPerSecond => _peakFlops * _kernels.AttentionEfficiency;

    /// <summary>Achieved VAE FLOP/s of one accelerator.</summary>
    public double VaeFlopsPerSecond => _kernels.VaePeakTflops * 1e12 * _kernels.VaeEfficiency;

    /// <summary>What the model assumed (precision fall-backs), for the run report.</summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>
    /// Every time it prices (a step's parts, its communication, encoding, decoding) multiplied by this: the deployment's
    /// <c>execution_model.step_scale</c>, a what-if on the model's own error (1: as predicted).
    /// </summary>
    public double TimeScale { get; init; } = 1;

    /// <summary>One denoising step of <paramref name="batch"/> requests of shape <paramref name="shape"/>.</summary>
    public VideoStepCost Step(in VideoShape shape, int batch = 1)
    {
        if (batch < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), batch, "at least one request");
        }

        var m = _model;
        double l = shape.Tokens;
        double t = m.TextLen;
        double d = m.HiddenSize;
        var passes = m.GuidancePasses;
        var g = passes * (double)batch;
        double linear, self, cross, s;
        if (m.Attention == VideoAttention.Joint)
        {
            s = l + t;
            linear = g * 2 * m.ParamsB * 1e9 * s;
            self = g * 4 * m.Layers * d * s * s;
            cross = 0;
        }
        else
        {
            s = l;
            var kv = m.CrossAttentionKvParams;
            linear = g * 2 * ((m.ParamsB * 1e9 - kv) * l + kv * t);
            self = g * 4 * m.Layers * d * l * l;
            cross = g * 4 * m.Layers * d * l * t;
        }

        var bytes = g * m.ElementwiseBytesPerElement * s * d * m.Layers;
        var k = SequenceParallel;
        // Split guidance: each half of the replica does one of the two passes at the same time.
        var ways = m.Guidance == VideoGuidance.Split ? k * 2.0 : k;
        var gemm = linear / ways / FlopsPerSecond;
        var attention = (self + cross) / ways / AttentionFlopsPerSecond;
        var memory = bytes > 0 ? bytes / ways / (_bandwidth * _kernels.MemoryEfficiency) : 0;

        var count = 0;
        var communication = 0.0;
        if (k > 1)
        {
            // Forwards a Ulysses group runs per step, and the requests in each.
            var (forwards, perForward) = m.Guidance switch
            {
                VideoGuidance.Batch => (1, g),
                VideoGuidance.Split => (1, (double)batch),
                _ => (passes, (double)batch),
            };
            count = 4 * m.Layers * forwards;
            communication = count * AllToAll(perForward * (s / k) * d * _activationBytes, k);
        }

        if (m.Guidance == VideoGuidance.Split)
        {
            // The two halves swap their predicted latents (bf16) once per step: one exchange over the pair.
            var latent = batch * (double)shape.LatentFrames * shape.LatentHeight * shape.LatentWidth * m.LatentChannels * _activationBytes;
            communication += _links.CollectiveStepLatencySeconds + _link!.LatencyUs * 1e-6 + latent / (_link.BytesPerSecondEachWayAmong(2) * _links.LinkEfficiency);
        }

        var x = TimeScale;
        return new VideoStepCost(linear, self, cross, x * (gemm + attention + memory), x * communication, count)
        {
            GemmSeconds = x * gemm,
            AttentionSeconds = x * attention,
            MemorySeconds = x * memory,
            ElementwiseBytes = bytes,
        };
    }

    private double AllToAll(double shardBytes, int k)
        => (k - 1) * (_links.CollectiveStepLatencySeconds + _link!.LatencyUs * 1e-6)
           + (k - 1.0) / k * shardBytes / (_link.BytesPerSecondEachWayAmong(k) * _links.LinkEfficiency);   // a full mesh: the group's k - 1 links

    /// <summary>Prompts the text encoder runs per request: the prompt, and the negative prompt when guidance needs it.</summary>
    public int Prompts => _model.GuidancePasses > 1 ? 2 : 1;

    /// <summary>Encoding a request's prompts (padded to the text length) with the text encoder, on one accelerator at the GEMM rate.</summary>
    public double EncodeSeconds => TimeScale * Prompts * 2 * _model.TextEncoderParamsB * 1e9 * _model.TextLen / FlopsPerSecond;

    /// <summary>VAE decoding of one video, on one accelerator.</summary>
    public double DecodeSeconds(in VideoShape shape) => TimeScale * DecodeFlops(shape) / VaeFlopsPerSecond;

    /// <summary>VAE decoding work: the catalog's figure per frame, scaled by pixels from its default size.</summary>
    public double DecodeFlops(in VideoShape shape)
    {
        var defaultPixels = (double)_model.DefaultWidth * _model.DefaultHeight;
        var scale = defaultPixels > 0 ? shape.Pixels / defaultPixels : 1;
        return _model.VaeDecodeGflopsPerFrame * 1e9 * shape.Frames * scale;
    }

    /// <summary>
    /// Share of the decode stage's time (VAE decode, a joiner's text encoding) that runs at the core clock and keeps
    /// the compute units busy: all of it. Both are timed at a compute rate (the VAE at the VAE peak x its fitted
    /// efficiency, which absorbs its memory-bound convolutions; the encoder at the GEMM rate), so the stage books power
    /// phase 1 and stretches by 1 / clock, as the DiT step's compute does.
    /// </summary>
    public double StageComputeShare => 1;

    /// <summary>Whole request alone on the replica: encode, every step, decode.</summary>
    public double RequestSeconds(in VideoShape shape, int steps) => EncodeSeconds + steps * Step(shape).Seconds + DecodeSeconds(shape);

    private static VideoEfficiencyEntry Uniform(AcceleratorSpec accelerator, Precision precision, EfficiencyParams e)
    {
        e.Validate();
        var compute = accelerator.ResolveCompute(precision) ?? precision;
        var peak = accelerator.Supports(compute) ? accelerator.PeakFlops(compute) / 1e12 : 1;
        var attention = e.AttentionEfficiency > 0 ? e.AttentionEfficiency : e.ComputeEfficiency;
        return new VideoEfficiencyEntry(e.Accelerator, e.Stack, "", e.ComputeEfficiency, attention, Math.Max(e.MemoryEfficiency, 1e-9), peak, e.ComputeEfficiency);
    }
}

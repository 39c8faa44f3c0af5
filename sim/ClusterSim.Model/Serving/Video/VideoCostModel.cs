using ClusterSim.Model.Hardware;
using ClusterSim.Model.Performance;
using static ClusterSim.Scenarios.PrecisionInfo;
using Precision = ClusterSim.Scenarios.Precision;

namespace ClusterSim.Model.Serving.Video;

/// <summary>
/// Time of a video request's phases on one replica: text encoding, denoising steps of the DiT and
/// VAE decoding, each compute-bound at the accelerator's dense peak times the calibrated compute
/// efficiency. A replica of k accelerators runs the DiT with Ulysses sequence parallelism.
/// </summary>
/// <remarks>
/// <para>Per denoising step and request, with L latent tokens, T text tokens, d the hidden size, n
/// the blocks, P the DiT parameters, Pkv = 2 n d^2 the cross-attention key/value projections and G
/// the guidance passes:</para>
/// <list type="bullet">
/// <item>linear: G x 2 x ((P - Pkv) x L + Pkv x T), every weight once per token, the cross-attention
/// keys and values on the text tokens only;</item>
/// <item>self-attention: G x 4 x n x d x L^2 (Q K^T and the weighted sum of V, 2 L^2 d each, full
/// attention over the whole latent sequence);</item>
/// <item>cross-attention: G x 4 x n x d x L x T.</item>
/// </list>
/// <para>Sequence parallelism over k accelerators (DeepSpeed-Ulysses, as Wan2.1 and xDiT run it):
/// each accelerator holds L/k tokens for the linear layers and, after an all-to-all, d/k of the
/// heads over the whole sequence for attention, so the FLOPs divide by k; the price is four
/// all-to-alls per block and pass (Q, K, V in, the output back), each sending (k - 1)/k of an
/// accelerator's L/k x d activation shard to its peers over the scale-up link. An all-to-all costs
/// (k - 1) collective step latencies plus the bytes at the calibrated link efficiency; they are not
/// overlapped with compute. So the speed-up over one accelerator is below k by exactly the
/// all-to-all share.</para>
/// <para>Text encoding (2 x encoder parameters x T) and VAE decoding (per output frame, scaled by
/// pixels from the catalog's figure at the default size) run on one accelerator of the replica,
/// as Wan2.1's generate.py does (rank 0 decodes), while the others wait. Not counted: norms,
/// activations, the timestep embedding, the text encoder's attention, memory traffic (a DiT step
/// over tens of thousands of tokens reads each weight once per thousands of FLOPs), and software
/// overheads of the LLM calibration, which describe an LLM server's iteration loop.</para>
/// </remarks>
public sealed class VideoCostModel
{
    private readonly VideoModel _model;
    private readonly EfficiencyParams _efficiency;
    private readonly double _peakFlops;
    private readonly LinkSpec? _link;
    private readonly double _activationBytes;
    private readonly List<string> _notes = new();

    /// <param name="sequenceParallel">Accelerators one replica spreads a video over (Ulysses degree).</param>
    /// <param name="acceleratorsPerNode">A group larger than this crosses the scale-out network.</param>
    public VideoCostModel(VideoModel model, AcceleratorSpec accelerator, Precision weightPrecision, EfficiencyParams efficiency,
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

        efficiency.Validate();
        _model = model;
        _efficiency = efficiency;
        SequenceParallel = sequenceParallel;
        var compute = accelerator.ResolveCompute(weightPrecision)
            ?? throw new ArgumentException($"accelerator '{accelerator.Key}' lists no precision to run {weightPrecision.Key()} at; it lists {accelerator.ListedPrecisions()}");
        if (compute != weightPrecision)
        {
            _notes.Add($"{weightPrecision.Key()} runs at the {compute.Key()} peak of {accelerator.Key}");
        }

        ComputePrecision = compute;
        _peakFlops = accelerator.PeakFlops(compute);
        _activationBytes = activationPrecision.Bytes();
        if (sequenceParallel > 1)
        {
            SpansNodes = sequenceParallel > acceleratorsPerNode;
            _link = SpansNodes ? accelerator.ScaleOut : accelerator.IntraNodeLink;
            if (_link is null)
            {
                throw new ArgumentException($"accelerator '{accelerator.Key}' has no {(SpansNodes ? "scale-out" : "scale-up or host")} link for sequence parallelism over {sequenceParallel}");
            }
        }
    }

    public VideoModel Model => _model;

    public int SequenceParallel { get; }

    /// <summary>Accelerators one replica holds.</summary>
    public int Accelerators => SequenceParallel;

    public bool SpansNodes { get; }

    public Precision ComputePrecision { get; }

    /// <summary>Achieved FLOP/s of one accelerator: dense peak x compute efficiency.</summary>
    public double FlopsPerSecond => _peakFlops * _efficiency.ComputeEfficiency;

    /// <summary>What the model assumed (precision fall-backs), for the run report.</summary>
    public IReadOnlyList<string> Notes => _notes;

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
        var g = m.GuidancePasses * (double)batch;
        var kv = m.CrossAttentionKvParams;
        var linear = g * 2 * ((m.ParamsB * 1e9 - kv) * l + kv * t);
        var self = g * 4 * m.Layers * d * l * l;
        var cross = g * 4 * m.Layers * d * l * t;
        var k = SequenceParallel;
        var rate = _peakFlops * Efficiency(batch * l);
        var compute = (linear + self + cross) / k / rate;

        var count = 0;
        var allToAll = 0.0;
        if (k > 1)
        {
            count = 4 * m.Layers * m.GuidancePasses;
            var shardBytes = batch * (l / k) * d * _activationBytes;
            var one = (k - 1) * (_efficiency.CollectiveStepLatencySeconds + _link!.LatencyUs * 1e-6)
                      + (k - 1.0) / k * shardBytes / (_link.BytesPerSecondEachWay * _efficiency.LinkEfficiency);
            allToAll = count * one;
        }

        return new VideoStepCost(linear, self, cross, compute, allToAll, count);
    }

    /// <summary>Encoding one prompt (padded to the text length) with the text encoder, on one accelerator.</summary>
    public double EncodeSeconds => 2 * _model.TextEncoderParamsB * 1e9 * _model.TextLen / FlopsPerSecond;

    /// <summary>VAE decoding of one video, on one accelerator.</summary>
    public double DecodeSeconds(in VideoShape shape) => DecodeFlops(shape) / FlopsPerSecond;

    /// <summary>VAE decoding work: the catalog's figure per frame, scaled by pixels from its default size.</summary>
    public double DecodeFlops(in VideoShape shape)
    {
        var defaultPixels = (double)_model.DefaultWidth * _model.DefaultHeight;
        var scale = defaultPixels > 0 ? shape.Pixels / defaultPixels : 1;
        return _model.VaeDecodeGflopsPerFrame * 1e9 * shape.Frames * scale;
    }

    /// <summary>Whole request alone on the replica: encode, every step, decode.</summary>
    public double RequestSeconds(in VideoShape shape, int steps) => EncodeSeconds + steps * Step(shape).Seconds + DecodeSeconds(shape);

    private double Efficiency(double tokens)
    {
        var e = _efficiency;
        return e.ComputeSaturationTokens > 0 ? e.ComputeEfficiency * tokens / (tokens + e.ComputeSaturationTokens) : e.ComputeEfficiency;
    }
}

using ClusterSim.Model.Hardware;
using ClusterSim.Model.Performance;
using static ClusterSim.Scenarios.PrecisionInfo;
using ImageEfficiencyEntry = ClusterSim.Scenarios.ImageEfficiencyEntry;
using Precision = ClusterSim.Scenarios.Precision;

namespace ClusterSim.Model.Serving.Image;

/// <summary>
/// Time of an image request's phases on one accelerator, from a roofline: each denoising step takes the longer of
/// its FLOPs at dense peak x compute efficiency and its weight bytes at peak bandwidth x memory efficiency. A UNet's
/// steps and every model's VAE decode run at the image pipeline's own shares of peak (<see cref="ImageEfficiencyEntry"/>,
/// catalog/efficiency-image.yaml: one fit on a published SDXL TensorRT timing); a DiT's steps, with no image kernel
/// measurement of a DiT, at the deployment's text stack compute efficiency, and the run says so.
/// </summary>
/// <remarks>
/// <para>Work of one denoiser pass of one image:</para>
/// <list type="bullet">
/// <item>DiT (Flux class), with N = image tokens + text tokens, P the parameters a token passes through (the model's
/// token_params_b, else all of them), L blocks of width d: 2 x P x N (each such weight once per token) + 4 x L x d x N^2 (Q K^T and the weighted sum of V over the joint
/// sequence). Image tokens = (W / (f x p)) x (H / (f x p)) for VAE downsampling f and patch p: 1024x1024 on
/// FLUX.1-dev gives 64 x 64 = 4096 image tokens plus 512 T5 tokens.</item>
/// <item>UNet (SDXL class): the catalog's GFLOP per pass at the default size, scaled by the pixel count (the
/// convolutions and linear layers scale with pixels; the self-attention part, about a tenth at 1024x1024 by the
/// catalog's derivation, grows faster, so other sizes are approximate).</item>
/// </list>
/// <para>Classifier-free guidance runs the conditional and unconditional passes as one doubled batch, so it
/// doubles the work but not the weight reads. Text encoding (2 x encoder parameters x tokens) runs once per
/// request when it joins; VAE decoding (the catalog's GFLOP per image, scaled by pixels) once per image after its
/// last step. Not counted: the scheduler's update, norms and activations' memory traffic, and software overheads
/// (the LLM calibration's per-iteration overheads describe an LLM server's loop, not a diffusion pipeline).</para>
/// </remarks>
public sealed class ImageCostModel
{
    private readonly double _peakFlops;
    private readonly double _bytesPerSecond;
    private readonly double _weightBytes;
    private readonly EfficiencyParams _efficiency;
    private readonly double _stepEfficiency;
    private readonly double _vaeEfficiency;
    private readonly List<string> _notes = [];

    /// <param name="efficiency">The deployment's text stack entry: memory efficiency, and a DiT's compute efficiency.</param>
    /// <param name="kernels">The image pipeline's shares of peak (a UNet's steps, every VAE decode); null: the text stack's compute efficiency throughout.</param>
    public ImageCostModel(ImageModel model, AcceleratorSpec accelerator, Precision weightPrecision, EfficiencyParams efficiency, ImageEfficiencyEntry? kernels = null)
    {
        efficiency.Validate();
        Model = model;
        _efficiency = efficiency;
        _stepEfficiency = kernels is not null && !model.IsDit ? kernels.UnetEfficiency : efficiency.ComputeEfficiency;
        _vaeEfficiency = kernels?.VaeEfficiency ?? efficiency.ComputeEfficiency;
        var compute = accelerator.ResolveCompute(weightPrecision)
            ?? throw new ArgumentException($"accelerator '{accelerator.Key}' lists no precision to run {weightPrecision.Key()} at; it lists {accelerator.ListedPrecisions()}");
        if (compute != weightPrecision)
        {
            _notes.Add($"{weightPrecision.Key()} runs at the {compute.Key()} peak of {accelerator.Key}");
        }

        _peakFlops = accelerator.PeakFlops(compute);
        _bytesPerSecond = accelerator.HbmBandwidthGbs * 1e9 * efficiency.MemoryEfficiency;
        _weightBytes = model.ParamsB * 1e9 * weightPrecision.StoredBytes();
    }

    public ImageModel Model { get; }

    /// <summary>Dense peak FLOP/s of the accelerator at the compute precision (the roof every kernel runs under).</summary>
    public double PeakFlops => _peakFlops;

    /// <summary>Achieved FLOP/s of a denoising step (and the text encoders): dense peak x the step's efficiency.</summary>
    public double FlopsPerSecond => _peakFlops * _stepEfficiency;

    /// <summary>Achieved FLOP/s of the VAE decode: dense peak x its efficiency.</summary>
    public double VaeFlopsPerSecond => _peakFlops * _vaeEfficiency;

    /// <summary>Precision fall-backs, for the run's notes.</summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>Image tokens of a DiT at this size (0 for a UNet).</summary>
    public long ImageTokens(in ImageShape shape)
    {
        if (!Model.IsDit)
        {
            return 0;
        }

        long cell = (long)Model.LatentDownsample * Model.Patch;
        return shape.Width / cell * (shape.Height / cell);
    }

    /// <summary>Work of one denoiser pass of one image.</summary>
    public double PassFlops(in ImageShape shape)
    {
        var m = Model;
        if (m.IsDit)
        {
            double n = ImageTokens(shape) + m.TextTokens;
            return 2 * (m.TokenParamsB ?? m.ParamsB) * 1e9 * n + 4.0 * m.Layers * m.HiddenSize * n * n;
        }

        return m.UnetGflopsPerStep * 1e9 * shape.Pixels / ((double)m.DefaultWidth * m.DefaultHeight);
    }

    /// <summary>One denoising step of <paramref name="images"/> images of <paramref name="shape"/> run together.</summary>
    public ImageStepCost Step(in ImageShape shape, int images = 1)
    {
        if (images < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(images), images, "at least one image");
        }

        var flops = PassFlops(shape) * shape.Passes * images;
        return new ImageStepCost(flops, _weightBytes, TimeScale * flops / FlopsPerSecond, TimeScale * _weightBytes / _bytesPerSecond);
    }

    /// <summary>
    /// Every time it prices (steps, encoding, decoding) multiplied by this: the deployment's <c>execution_model.step_scale</c>,
    /// a what-if on the model's own error (1: as predicted).
    /// </summary>
    public double TimeScale { get; init; } = 1;

    /// <summary>Encoding one prompt with the text encoders.</summary>
    public double EncodeSeconds => TimeScale * 2 * Model.TextEncoderParamsB * 1e9 * Model.EncoderTokens / FlopsPerSecond;

    /// <summary>VAE decoding of one image.</summary>
    public double DecodeSeconds(in ImageShape shape)
        => TimeScale * Model.VaeDecodeGflops * 1e9 * shape.Pixels / ((double)Model.DefaultWidth * Model.DefaultHeight) / VaeFlopsPerSecond;

    /// <summary>A request of <paramref name="images"/> images alone on the replica: encode, every step, decode.</summary>
    public double RequestSeconds(in ImageShape shape, int images = 1)
        => EncodeSeconds + shape.Steps * Step(shape, images).Seconds + images * DecodeSeconds(shape);
}

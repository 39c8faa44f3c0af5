namespace ClusterSim.Scenarios;

/// <summary>
/// A checkpoint that keeps a share of its layer weights at a second precision beside the model's weight precision, as
/// NVIDIA ModelOpt's AutoQuantize leaves it: it searches a format per layer under an average-bits budget
/// ("effective_bits"), leaving the layers most sensitive to quantisation wider (NVIDIA's MLPerf v5.0 Mixtral-8x7B
/// checkpoints: FP8 at 8.75 effective bits on Hopper, NVFP4 at 7.25 on Blackwell). Which layers is not published, so the
/// share is priced as spread evenly over every layer's GEMMs: the same share of each GEMM's weights and FLOPs.
/// </summary>
/// <param name="Precision">The second precision.</param>
/// <param name="Share">Share of the layer weights (not the vocab tables) stored and multiplied at it, in (0, 1).</param>
/// <param name="DenseOnly">
/// True when the second precision holds exactly the layers outside the routed experts (attention, router, dense FFNs,
/// shared experts), as checkpoints that quantise only the experts publish it (gpt-oss's MXFP4 experts beside BF16
/// attention, NVIDIA's DeepSeek-R1 NVFP4 experts beside FP8 attention): <paramref name="Share"/> is then those layers'
/// share, and the experts keep the main precision. False: spread evenly over every GEMM.
/// </param>
public sealed record MixedWeights(Precision Precision, double Share, bool DenseOnly = false)
{
    /// <summary>Stored bytes per parameter of the layers outside the routed experts.</summary>
    public double DenseBytesPerParameter(Precision main) => DenseOnly ? Precision.StoredBytes() : StoredBytesPerParameter(main);

    /// <summary>Stored bytes per parameter of the routed experts.</summary>
    public double ExpertBytesPerParameter(Precision main) => DenseOnly ? main.StoredBytes() : StoredBytesPerParameter(main);

    /// <summary>Time of the dense GEMMs over what they would take all at the main format, the second format's GEMMs taking <paramref name="slowdown"/> times as long.</summary>
    public double DenseComputeFactor(double slowdown) => DenseOnly ? slowdown : 1 - Share + (Share * slowdown);

    /// <summary>The same for the routed experts' GEMMs.</summary>
    public double ExpertComputeFactor(double slowdown) => DenseOnly ? 1 : 1 - Share + (Share * slowdown);

    /// <summary>
    /// The share that gives <paramref name="effectiveBits"/> on average between <paramref name="main"/> and
    /// <paramref name="second"/>, each counted at its element width (8 for FP8, 16 for BF16, 4 for FP4 and INT4), as
    /// AutoQuantize's budget counts them.
    /// </summary>
    public static double ShareFor(double effectiveBits, Precision main, Precision second)
        => (effectiveBits - Bits(main)) / (Bits(second) - Bits(main));

    /// <summary>Element width in bits.</summary>
    public static double Bits(Precision precision) => precision.Bytes() * 8;

    /// <summary>Stored bytes per layer parameter: the two formats' stored sizes, weighted by their shares.</summary>
    public double StoredBytesPerParameter(Precision main) => (1 - Share) * main.StoredBytes() + Share * Precision.StoredBytes();

    /// <summary>Stored bytes per layer parameter of weights at <paramref name="main"/> with an optional mix: one rule for the
    /// model's memory and the execution model's weight stream.</summary>
    public static double LayerBytes(Precision main, MixedWeights? mixed) => mixed?.StoredBytesPerParameter(main) ?? main.StoredBytes();

    /// <summary>Stored bytes per routed-expert parameter of weights at <paramref name="main"/> with an optional mix.</summary>
    public static double ExpertBytes(Precision main, MixedWeights? mixed) => mixed?.ExpertBytesPerParameter(main) ?? main.StoredBytes();

    /// <summary>Stored bytes per parameter of the layers outside the routed experts, with an optional mix.</summary>
    public static double DenseBytes(Precision main, MixedWeights? mixed) => mixed?.DenseBytesPerParameter(main) ?? main.StoredBytes();
}

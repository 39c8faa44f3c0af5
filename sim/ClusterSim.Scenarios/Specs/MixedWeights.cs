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
public sealed record MixedWeights(Precision Precision, double Share)
{
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
}

using ClusterSim.Scenarios;

namespace ClusterSim.Model.Performance;

/// <summary>
/// What a GEMM's shape and launch add to its roofline, as measured on an H200 (scenarios/profiles/h200_kernel_shape_probe.csv).
/// How its inner dimension K changes the rate it reaches, relative to the square matmul benchmarks a stack's
/// compute efficiency comes from (K = 16,384 to 32,768). Each output tile pays a fixed start (filling the load
/// pipeline) and drain (writing the accumulators) spread over K / tile_k steps, so the rate goes as K / (K + K0):
/// a tensor-parallel shard that cuts K (o_proj and the MLP's down projection, the routed experts' down projection)
/// loses rate, one that cuts N does not.
/// </summary>
/// <remarks>
/// K0 is a FIT to kernels, not to any serving row: the GEMMs of Llama 3 8B, 70B and 405B layers cut at TP 1 to 8,
/// timed on an H200 at 4,096 to 16,384 tokens (scenarios/profiles/h200_kernel_shape_probe.csv), rate = scale x K / (K + K0)
/// by least squares on the logarithm: FP8 K0 = 315 (rms 4.0 % against 9.6 % without the term, 132 points), BF16
/// K0 = 75 (rms 3.9 % against 4.6 %: its tiles finish K sooner, and the evidence is weaker). K of 512 loses more at
/// 1,024 and 2,048 tokens than the form says (8B's o_proj at TP8: a known gap of 9 to 17 % on that layer). Other
/// precisions take the figure of their width (8 bits and narrower: FP8's; 16 and wider: BF16's), a stated assumption;
/// other parts take the H200's (cuBLASLt on Hopper), likewise. Below 4,096 tokens the probe shows the same shape
/// effect on top of the weight stream, which the roofline prices separately.
/// </remarks>
public static class GemmShapeEfficiency
{
    /// <summary>The inner dimension of the square benchmarks the stacks' compute efficiencies come from.</summary>
    public const double ReferenceK = 16384;

    /// <summary>K0 of 8-bit (and narrower) arithmetic, fitted to the H200 probe's FP8 GEMMs.</summary>
    public const double NarrowK0 = 315;

    /// <summary>K0 of 16-bit (and wider) arithmetic, fitted to the H200 probe's BF16 GEMMs.</summary>
    public const double WideK0 = 75;

    /// <summary>
    /// Fixed time of one GEMM launch beyond its roofline (ramp-up and drain), a FIT to kernels: time = t0 + weight bytes /
    /// bandwidth by least squares over the H200 probe's 160 GEMMs of 1 and 8 rows (2 to 940 MB of weights, BF16 and FP8,
    /// inside CUDA graphs): t0 = 4.48 us, 4.25 TB/s, rms 2.4 us. Taken for every part and stack (a stated assumption:
    /// launch and tail costs are of this size on every current GPU; not measured elsewhere).
    /// </summary>
    public const double LaunchSeconds = 4.5e-6;

    /// <summary>
    /// Whether <paramref name="acceleratorKey"/> is a part with the H200's compute units and GEMM library (Hopper), on
    /// which these figures were measured; elsewhere they are an assumption the run states.
    /// </summary>
    public static bool MeasuredOn(string acceleratorKey)
        => acceleratorKey.StartsWith("h100", StringComparison.Ordinal) || acceleratorKey.StartsWith("h200", StringComparison.Ordinal)
           || acceleratorKey.StartsWith("gh200", StringComparison.Ordinal) || acceleratorKey.StartsWith("h800", StringComparison.Ordinal);

    /// <summary>K0 for arithmetic at <paramref name="precision"/>.</summary>
    public static double K0(Precision precision) => precision.Bytes() <= 1 ? NarrowK0 : WideK0;

    /// <summary>Rate of a GEMM with inner dimension <paramref name="k"/> over that of the reference square benchmark.</summary>
    public static double RateFactor(double k, Precision precision)
    {
        if (!(k > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, "a GEMM's inner dimension must be positive");
        }

        var k0 = K0(precision);
        return k / (k + k0) / (ReferenceK / (ReferenceK + k0));
    }

    /// <summary>
    /// The rate factor of several GEMMs run one after another: total work over the sum of each one's work at its own
    /// factor (a FLOP-weighted harmonic mean). 1 when there is no work.
    /// </summary>
    public static double Combined(IEnumerable<(double K, double Work)> gemms, Precision precision)
    {
        double work = 0, time = 0;
        foreach (var (k, w) in gemms)
        {
            if (w <= 0)
            {
                continue;
            }

            work += w;
            time += w / RateFactor(k, precision);
        }

        return time > 0 ? work / time : 1.0;
    }
}

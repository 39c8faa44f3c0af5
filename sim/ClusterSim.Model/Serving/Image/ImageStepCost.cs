namespace ClusterSim.Model.Serving.Image;

/// <summary>One denoising step of a batch: its work, the weight bytes it reads and its time (the slower of the two).</summary>
/// <param name="Flops">Work of the step over the whole batch.</param>
/// <param name="WeightBytes">Denoiser weights read once per step.</param>
/// <param name="ComputeSeconds">Flops at the achieved compute rate.</param>
/// <param name="MemorySeconds">Weight bytes at the achieved memory bandwidth.</param>
public readonly record struct ImageStepCost(double Flops, double WeightBytes, double ComputeSeconds, double MemorySeconds)
{
    public double Seconds => Math.Max(ComputeSeconds, MemorySeconds);

    /// <summary>Share of the step that is compute-bound (the power phase): 1 unless weight reads dominate.</summary>
    public double ComputeBoundFraction => Seconds > 0 ? ComputeSeconds / Seconds : 1;
}

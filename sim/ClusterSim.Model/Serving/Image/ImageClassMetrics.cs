using ClusterSim.Model.Serving.Kinds;

namespace ClusterSim.Model.Serving.Image;

/// <summary>What one image class measured: the deadline-class figures, plus images and accelerator-seconds and cost per image.</summary>
public sealed class ImageClassMetrics(string name, double? deadlineSeconds, double percentile, long warmupNs = 0)
    : DeadlineClassMetrics<ImageRequest>(name, deadlineSeconds, percentile, warmupNs)
{
    public long Images { get; private set; }

    public double AcceleratorSecondsPerImage => Images > 0 ? AcceleratorSeconds / Images : 0;

    public double CostUsdPerImage => Images > 0 ? CostUsd / Images : 0;

    protected override void OnMeasured(ImageRequest r) => Images += r.Images;
}

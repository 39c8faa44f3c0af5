namespace ClusterSim.Model.Facility;

internal sealed class ConstantTemperatureProfile(double celsius) : OutsideTemperature
{
    public override double At(long timeNs) => celsius;

    public override double MaxC => celsius;

    public override double ExcessIntegral(long fromNs, long toNs, double thresholdC)
        => toNs <= fromNs ? 0 : Math.Max(0, celsius - thresholdC) * ((toNs - fromNs) / 1e9);
}

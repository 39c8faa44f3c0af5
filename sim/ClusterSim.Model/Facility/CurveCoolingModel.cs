namespace ClusterSim.Model.Facility;

/// <summary>The PUE curve of <see cref="CoolingParameters"/> (see its remarks for the formula).</summary>
internal sealed class CurveCoolingModel(CoolingParameters p) : ICoolingModel
{
    public CoolingSystem System => p.System;

    public double FanScale => p.FanScale;

    public ThermalParameters Thermal => p.Thermal;

    public double InletC(double outsideC) => Math.Max(p.SupplyFloorC, outsideC + p.ApproachC);

    public double OverheadW(double itW, double designItW, double outsideC)
        => LoadOverheadW(itW, designItW) + (p.PuePerC * Math.Max(0, outsideC - p.FreeCoolingC) * itW);

    public double OverheadJoules(double itW, double designItW, long fromNs, long toNs, OutsideTemperature outside)
    {
        if (toNs <= fromNs)
        {
            return 0;
        }

        var joules = LoadOverheadW(itW, designItW) * ((toNs - fromNs) / 1e9);
        if (p.PuePerC > 0 && itW > 0)
        {
            joules += p.PuePerC * itW * outside.ExcessIntegral(fromNs, toNs, p.FreeCoolingC);
        }

        return joules;
    }

    private double LoadOverheadW(double itW, double designItW)
        => (p.DesignPue - 1) * ((p.FixedOverhead * designItW) + ((1 - p.FixedOverhead) * itW));
}

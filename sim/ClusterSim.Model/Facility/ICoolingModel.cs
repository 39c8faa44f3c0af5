namespace ClusterSim.Model.Facility;

/// <summary>
/// A cooling system: what it supplies to the accelerators and what it costs in overhead power.
/// A seam: the built-in model is <see cref="CoolingModels.Create"/>.
/// </summary>
public interface ICoolingModel
{
    CoolingSystem System { get; }

    /// <summary>Share of a node's air-cooled fan power that remains under this cooling.</summary>
    double FanScale { get; }

    /// <summary>Default accelerator thermal path under this cooling (a node may override it).</summary>
    ThermalParameters Thermal { get; }

    /// <summary>
    /// Air or coolant temperature reaching the accelerators, °C; non-decreasing in <paramref name="outsideC"/> (the
    /// thermal controller bounds the hottest inlet by the hottest outside temperature).
    /// </summary>
    double InletC(double outsideC);

    /// <summary>Overhead watts (facility minus IT) at IT power <paramref name="itW"/>, nameplate IT power <paramref name="designItW"/> and the outside temperature.</summary>
    double OverheadW(double itW, double designItW, double outsideC);

    /// <summary>
    /// Exact overhead energy in joules over [<paramref name="fromNs"/>, <paramref name="toNs"/>] while
    /// IT power holds at <paramref name="itW"/> and the outside temperature follows <paramref name="outside"/>.
    /// </summary>
    double OverheadJoules(double itW, double designItW, long fromNs, long toNs, OutsideTemperature outside);

    /// <summary>PUE = (IT + overhead) / IT at one instant.</summary>
    double Pue(double itW, double designItW, double outsideC) => 1 + (OverheadW(itW, designItW, outsideC) / itW);
}

namespace ClusterSim.Model.Facility;

/// <summary>
/// Power a node draws besides its accelerators, in watts.
/// </summary>
/// <param name="HostW">CPUs, memory, scale-up switches, storage: held while the node is awake.</param>
/// <param name="NetworkW">Scale-out NICs and their share of the fabric: held while awake.</param>
/// <param name="FanMinW">Fan power with the accelerators idle (air cooling).</param>
/// <param name="FanMaxW">Fan power with every accelerator at its board limit (air cooling).</param>
/// <param name="SleepW">The whole node, accelerators included, once every accelerator on it sleeps (suspended, BMC and standby rails only).</param>
/// <remarks>
/// Fans follow the affinity laws: airflow must rise with the heat to remove and fan power goes as
/// airflow cubed, so fan power = FanMinW + (FanMaxW - FanMinW) u^3 with u the accelerators' power
/// over their summed board limits. The cooling model scales it (liquid removes most of the heat
/// through cold plates, immersion has no server fans).
/// </remarks>
public sealed record NodePower(double HostW, double NetworkW, double FanMinW, double FanMaxW, double SleepW)
{
    /// <summary>
    /// DGX-H100-like node (8x H100 SXM). ESTIMATES: no source read splits a DGX's non-GPU power.
    /// Host 1,500 W (2 CPUs of 350 W TDP, 2 TB DDR5, 4 NVSwitch chips, NVMe), network 200 W
    /// (8 ConnectX-7 at ~25 W), fans 100 to 1,200 W, suspended 50 W. With 8 GPUs at 700 W this
    /// gives 8,500 W, inside the 6.5-8.5 kW "typical" range a third-party page quotes
    /// (supercluster.blog, not verified) and below the 10.2 kW server maximum (calibration.md
    /// section 2, DGX-H100 10,200 W).
    /// </summary>
    public static NodePower DgxH100 { get; } = new(HostW: 1500, NetworkW: 200, FanMinW: 100, FanMaxW: 1200, SleepW: 50);

    /// <summary>
    /// DGX-A100-like node (8x A100 SXM). ESTIMATES as for <see cref="DgxH100"/>: host 1,200 W
    /// (2 CPUs of 225 W, 1-2 TB DDR4, 6 NVSwitch chips), network 200 W, fans 100 to 800 W,
    /// suspended 50 W: 5,400 W at full GPU power, below the 6,500 W server maximum
    /// (calibration.md section 2).
    /// </summary>
    public static NodePower DgxA100 { get; } = new(HostW: 1200, NetworkW: 200, FanMinW: 100, FanMaxW: 800, SleepW: 50);

    /// <summary>Watts besides the accelerators while awake: host + network + scaled fans.</summary>
    /// <param name="acceleratorW">Summed power of the node's accelerators.</param>
    /// <param name="acceleratorTdpW">Summed board limits of the node's accelerators.</param>
    /// <param name="fanScale">Share of the fan power the cooling leaves (1 for air).</param>
    public double AwakeOverheadW(double acceleratorW, double acceleratorTdpW, double fanScale)
        => HostW + NetworkW + FanW(acceleratorW, acceleratorTdpW, fanScale);

    /// <summary>Fan watts at the given accelerator power (see remarks).</summary>
    public double FanW(double acceleratorW, double acceleratorTdpW, double fanScale)
    {
        var u = Math.Clamp(acceleratorW / acceleratorTdpW, 0, 1);
        return fanScale * (FanMinW + ((FanMaxW - FanMinW) * u * u * u));
    }

    internal void Validate(string node)
    {
        if (!(HostW >= 0 && NetworkW >= 0 && FanMinW >= 0 && FanMaxW >= FanMinW && SleepW >= 0)
            || !double.IsFinite(HostW + NetworkW + FanMaxW + SleepW))
        {
            throw new ArgumentException(
                $"node '{node}': host power {this} is invalid; expected finite watts >= 0 with FanMaxW >= FanMinW");
        }
    }
}

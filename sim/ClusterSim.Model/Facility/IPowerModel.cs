namespace ClusterSim.Model.Facility;

/// <summary>
/// Power of one accelerator as a function of what it does and the clock it runs at. A seam: the
/// built-in model is <see cref="PowerModels.Phase"/>; any implementation should pass the contract
/// tests (power within [0, TDP]; idle and sleep independent of clock; sleep &lt;= idle &lt;= busy;
/// busy power non-decreasing in clock), because the power-cap controller searches the clock by
/// bisection and relies on that monotonicity. A busy activity on part of a group
/// (<see cref="AcceleratorActivity.AcceleratorShare"/> below 1) is asked per accelerator of the group: answer
/// the share-weighted mean of the busy and the idle figure, as the facility multiplies by the group's count.
/// </summary>
public interface IPowerModel
{
    /// <summary>Board power limit in watts (used to scale fan power and for nameplate power).</summary>
    double TdpW { get; }

    /// <summary>
    /// Watts drawn by one accelerator doing <paramref name="activity"/> at
    /// <paramref name="clock"/> times its full clock (in (0, 1]).
    /// </summary>
    double AcceleratorW(AcceleratorActivity activity, double clock);

    /// <summary>
    /// The clock, in (0, 1], that the board's own power limit allows <paramref name="activity"/> relative to the clock
    /// its step times were measured at: 1 unless the board is limited below the board those times come from.
    /// </summary>
    double BoardClock(AcceleratorActivity activity) => 1;
}

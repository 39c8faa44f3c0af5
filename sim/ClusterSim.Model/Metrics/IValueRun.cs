namespace ClusterSim.Model.Metrics;

/// <summary>
/// Values produced one at a time, in order (a decode run's KV occupancy after each step), for
/// <see cref="TimeWeightedSeries.RecordRun{TRun}"/> to record as they come, without a buffer between the two.
/// </summary>
public interface IValueRun
{
    /// <summary>The next value; each call moves the run on by one.</summary>
    double Next();
}

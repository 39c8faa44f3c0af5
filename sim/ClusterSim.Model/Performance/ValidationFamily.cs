namespace ClusterSim.Model.Performance;

/// <summary>
/// How one family of figures (throughput, capacity, latency, tail latency) fared in a group of checks: signed errors, simulated over
/// measured less one, so a positive throughput or capacity error and a negative latency error both mean the model
/// promised more than the real system gave.
/// </summary>
/// <param name="Name">throughput, capacity, latency or tail_latency.</param>
/// <param name="Figures">Checked figures of the family.</param>
/// <param name="MedianError">Median of their signed errors.</param>
/// <param name="MinError">The lowest signed error.</param>
/// <param name="MaxError">The highest signed error.</param>
public sealed record ValidationFamily(string Name, int Figures, double MedianError, double MinError, double MaxError)
{
    /// <summary>
    /// Whether the model promised more than was measured: throughput or capacity read high, latency read short. Only
    /// where the median is beyond <paramref name="margin"/> (a tenth by default, the criterion most checks hold).
    /// </summary>
    public bool Optimistic(double margin = 0.10) => IsLatency ? MedianError < -margin : MedianError > margin;

    /// <summary>Whether the model promised less than was measured, beyond <paramref name="margin"/>.</summary>
    public bool Pessimistic(double margin = 0.10) => IsLatency ? MedianError > margin : MedianError < -margin;

    /// <summary>Whether the family is a duration (latency or its tail), where short is the promise.</summary>
    public bool IsLatency => Name is ValidationRecord.Latency or ValidationRecord.TailLatency;
}

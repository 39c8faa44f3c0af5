namespace ClusterSim.Scenarios;

/// <summary>A figure a scenario's <c>measured:</c> section may give: its name, its unit and what it is.</summary>
/// <param name="Name">As the section writes it (<c>ttft_p99</c>, <c>output_tokens_per_s</c>).</param>
/// <param name="Unit"><c>s</c> for durations (written as seconds or with a unit), else <c>requests/s</c>, <c>tokens/s</c>, <c>sequences</c> or <c>kW</c>.</param>
/// <param name="Description">What it is, for the schema.</param>
public sealed record MeasuredFigureKind(string Name, string Unit, string Description)
{
    /// <summary>True for a duration.</summary>
    public bool Seconds => Unit == "s";
}

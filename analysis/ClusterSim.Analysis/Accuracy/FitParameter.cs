namespace ClusterSim.Analysis.Accuracy;

/// <summary>One override of the roofline fitted to the measured figures of role fit.</summary>
/// <param name="Name">The <c>execution_model</c> key it sets (<c>compute_efficiency</c>, <c>iteration_overhead</c>).</param>
/// <param name="Seconds">True for a duration (written as seconds), false for a fraction.</param>
/// <param name="Start">The value the model ran with before the fit: the stack's entry, its derivation, and the scenario's own override.</param>
/// <param name="Value">The fitted value.</param>
public sealed record FitParameter(string Name, bool Seconds, double Start, double Value)
{
    /// <summary>The override as <c>--set</c> takes it: <c>execution_model.compute_efficiency=0.612</c>.</summary>
    public string Set => "execution_model." + Name + "=" + Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}

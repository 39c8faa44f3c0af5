namespace ClusterSim.Model.Performance;

/// <summary>
/// How unevenly a mixture of experts' router spreads tokens over its routed experts, as measured: the coefficient of
/// variation (standard deviation over mean) of the experts' token counts within a MoE layer in one iteration, and the
/// hottest expert's count over the mean, each averaged over layers and iterations (the statistics TensorRT-LLM's
/// `report_load_statistics.py` prints, by expert). Routing is a property of the model and of the traffic it serves
/// (TensorRT-LLM tech blog 4 finds DeepSeek-R1's hot experts differ between a translation set and GSM8K), so a
/// catalog entry's figures are one workload's; a deployment can give its own. It moves the busiest expert-parallel
/// rank's load (<see cref="ExpertLoad"/>), not the experts a batch touches, which stay uniform routing's: the most, so a
/// small skewed batch reads a little more expert weight than it would.
/// </summary>
/// <param name="Cv">Standard deviation over mean of the experts' token counts (0: equally popular).</param>
/// <param name="HottestRatio">The hottest expert's count over the mean (1: none stands out).</param>
/// <param name="Source">Where the figures come from, as the run's notes say it.</param>
public sealed record ExpertPopularity(double Cv, double HottestRatio, string Source)
{
    /// <summary>Every expert equally popular: only the randomness of each token's choice unbalances the ranks.</summary>
    public static ExpertPopularity Uniform { get; } = new(0, 1, "uniform");

    /// <summary>True when the experts are taken as equally popular.</summary>
    public bool IsUniform => Cv <= 0 && HottestRatio <= 1;
}

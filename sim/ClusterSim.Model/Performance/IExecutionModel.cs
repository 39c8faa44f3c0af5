namespace ClusterSim.Model.Performance;

/// <summary>
/// The predictor seam: how long one iteration of one replica takes. An instance is bound to one deployment
/// (model, precisions, accelerator, parallelism), so <see cref="Predict"/> only sees the batch's running sums.
/// Implementations must be O(1) in the batch size and allocation-free in <see cref="Predict"/>: it runs once per
/// iteration of every replica, millions of times a run. Built-ins and user types are created by name through
/// <see cref="ExecutionModels"/>.
/// </summary>
public interface IExecutionModel
{
    /// <summary>The name a scenario uses for this predictor.</summary>
    string Name { get; }

    /// <summary>What the predictor assumed for this deployment (precision fall-backs, profile rows used, ...), for the run report.</summary>
    IReadOnlyList<string> Notes { get; }

    IterationCost Predict(in IterationShape shape);
}

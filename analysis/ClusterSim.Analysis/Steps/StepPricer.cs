using ClusterSim.Model.Performance;
using ClusterSim.Model.Setup;

namespace ClusterSim.Analysis.Steps;

/// <summary>
/// Prices single iterations with a compiled scenario's own execution models, outside any simulation: the step a replica
/// takes at a given batch, context and prefill, and (for the roofline) where that time goes. This is the step model the
/// runs use, alone, so its answers can be checked by hand against the roofline and against measured step times, and a
/// planner can see what a batch size buys before running the queueing around it.
/// </summary>
public static class StepPricer
{
    /// <summary>Prices <paramref name="shape"/> on every text deployment of <paramref name="compiled"/>, or only on <paramref name="deployment"/>.</summary>
    /// <exception cref="ArgumentException">The shape is invalid, or no text deployment is named <paramref name="deployment"/> (with the names there are).</exception>
    public static StepResult Price(CompiledScenario compiled, StepShape shape, string? deployment = null)
    {
        ArgumentNullException.ThrowIfNull(compiled);
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Problem() is { } problem)
        {
            throw new ArgumentException(problem);
        }

        var pools = compiled.Setup.Pools.Where(p => p.Timer is ExecutionModelTimer).ToList();
        if (pools.Count == 0)
        {
            throw new ArgumentException($"scenario '{compiled.Scenario.Name}' has no text deployment: only an LLM deployment's steps can be priced");
        }

        if (deployment is not null)
        {
            var named = pools.Where(p => p.Name == deployment).ToList();
            if (named.Count == 0)
            {
                var names = pools.Select(p => p.Name).ToList();
                var near = ClusterSim.Scenarios.Yaml.Suggest.Closest(deployment, names);
                throw new ArgumentException($"--deployment: no text deployment '{deployment}' in '{compiled.Scenario.Name}'" +
                                            (near is null ? "" : $"; did you mean '{near}'?") + $" (there are: {string.Join(", ", names)})");
            }

            pools = named;
        }

        var deployments = new List<StepDeployment>();
        foreach (var pool in pools)
        {
            var model = ((ExecutionModelTimer)pool.Timer).Model;
            var rows = new List<StepRow>();
            foreach (var batch in shape.Batches)
            {
                var iteration = IterationShape.Decode(batch, shape.Context);
                if (shape.Prompts > 0)
                {
                    iteration += IterationShape.Prefill(shape.Prompts, shape.PromptTokens);
                }

                var seconds = model.Predict(iteration).Seconds;
                StepBreakdown? parts = model is IStepBreakdown breakdown ? breakdown.Breakdown(iteration) : null;
                rows.Add(new StepRow(batch, shape.Context, shape.Prompts, shape.PromptTokens, seconds, parts));
            }

            deployments.Add(new StepDeployment(pool.Name, pool.Config.Accelerators,
                compiled.Setup.Execution.FirstOrDefault(e => e.Deployment == pool.Name), rows));
        }

        return new StepResult(compiled.Scenario.Name, shape, deployments);
    }
}

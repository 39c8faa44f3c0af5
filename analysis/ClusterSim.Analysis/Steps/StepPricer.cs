using ClusterSim.Model.Performance;
using ClusterSim.Model.Serving.KvCache;
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
            if (shape.Beams > 1 && pool.Config.LocalAttention is not null)
            {
                throw new ArgumentException($"--beams: deployment '{pool.Name}' serves a model with local-attention layers, and beam search " +
                                            "is not modelled there (a scenario's beam_width is refused likewise); price it with --beams 1");
            }

            var timer = (ExecutionModelTimer)pool.Timer;
            var model = timer.Model;
            var scale = timer.StepScale; // the scenario's what-if, as the replica applies it
            var rows = new List<StepRow>();
            foreach (var batch in shape.Batches)
            {
                // Local-attention layers (sliding windows, chunks) attend what they attend, as in a run. Each beam reads
                // its whole context, unless the deployment's kernel reads the shared prompt once for all its beams
                // (beam_prompt_reads: once; IterationShape.DecodeBeams), as the replica prices them.
                var local = pool.Config.LocalAttention;
                var iteration = shape.Beams > 1 && pool.Config.BeamPromptReadOnce
                    ? IterationShape.DecodeBeams(batch, shape.Beams, shape.Context - shape.BeamTokens, shape.BeamTokens)
                    : IterationShape.Decode(batch * shape.Beams, shape.Context, local);
                if (shape.Prompts > 0)
                {
                    iteration += IterationShape.Prefill(shape.Prompts, shape.PromptTokens, 0, local);
                }

                var seconds = model.Predict(iteration).Seconds * scale;
                StepBreakdown? parts = model is IStepBreakdown breakdown ? breakdown.Breakdown(iteration).Scaled(scale) : null;
                rows.Add(new StepRow(batch, shape.Context, shape.Prompts, shape.PromptTokens, seconds, parts, Beyond(pool.Config, batch, shape)) { Beams = shape.Beams });
            }

            deployments.Add(new StepDeployment(pool.Name, pool.Config.Accelerators,
                compiled.Setup.Execution.FirstOrDefault(e => e.Deployment == pool.Name), rows) { StepScale = scale });
        }

        return new StepResult(compiled.Scenario.Name, shape, deployments);
    }

    /// <summary>The deployment's limits a step of <paramref name="batch"/> decodes (and the shape's prompts) exceeds, in words; null when none.</summary>
    private static string? Beyond(Model.Serving.ReplicaConfig config, long batch, StepShape shape)
    {
        var beyond = new List<string>();
        if (batch + shape.Prompts > config.MaxSequences)
        {
            beyond.Add($"max_batch {config.MaxSequences:N0}");
        }

        // max_batch counts requests, the token budget every beam (as the replica counts them).
        if (batch * shape.Beams + shape.Prompts * shape.PromptTokens > config.MaxBatchTokens)
        {
            beyond.Add($"max_batch_tokens {config.MaxBatchTokens:N0}");
        }

        // Each sequence's KV in whole blocks: the decodes' contexts and the prompts being prefilled.
        // With local attention each sequence also holds its local layers' window (ReplicaConfig.WindowPoolTokens).
        var context = shape.Context + config.WindowPoolTokens((int)Math.Min(int.MaxValue, shape.Context));
        var prompt = shape.PromptTokens + config.WindowPoolTokens((int)Math.Min(int.MaxValue, shape.PromptTokens));
        var perRequest = shape.Beams > 1
            ? KvBlockManager.BlocksForBeams(shape.Context - shape.BeamTokens, shape.Context, shape.Beams, config.BlockSizeTokens)
            : BlocksFor(context, config.BlockSizeTokens);
        var blocks = batch * perRequest + shape.Prompts * BlocksFor(prompt, config.BlockSizeTokens);
        if (blocks > config.KvBlocks)
        {
            beyond.Add($"KV cache {(long)config.KvBlocks * config.BlockSizeTokens:N0} tokens");
        }

        return beyond.Count == 0 ? null : string.Join(", ", beyond);
    }

    private static long BlocksFor(long tokens, int blockTokens) => (tokens + blockTokens - 1) / blockTokens;
}

using ClusterSim.Model.Performance;

namespace ClusterSim.Analysis.Steps;

/// <summary>One priced iteration of one replica.</summary>
/// <param name="Batch">Decoding sequences (beam-search requests where <see cref="Beams"/> is above 1).</param>
/// <param name="Context">Tokens each attends to.</param>
/// <param name="Prompts">Whole prompts prefilled in the step.</param>
/// <param name="PromptTokens">Tokens of each prompt.</param>
/// <param name="Seconds">The step as the deployment's execution model times it.</param>
/// <param name="Parts">Where the time goes, where the model can say (<see cref="IStepBreakdown"/>); null otherwise.</param>
/// <param name="Beyond">Which of the deployment's limits the step exceeds (max_batch, the KV cache, max_batch_tokens), or null:
/// such a step is priced all the same, but the deployment as configured never runs it.</param>
public sealed record StepRow(long Batch, long Context, long Prompts, long PromptTokens, double Seconds, StepBreakdown? Parts, string? Beyond = null)
{
    /// <summary>Beams of each decoding request; 1 for plain decoding.</summary>
    public int Beams { get; init; } = 1;

    /// <summary>
    /// Tokens generated per second of steps like this one (one per decoding request and one per finished prompt: a
    /// beam-search request returns one beam).
    /// </summary>
    public double OutputTokensPerSecond => Seconds > 0 ? (Batch + Prompts) / Seconds : 0;

    /// <summary>Tokens through the weights per second (every beam of the decoding requests, and prompt tokens).</summary>
    public double TokensPerSecond => Seconds > 0 ? ((Batch * Beams) + (Prompts * PromptTokens)) / Seconds : 0;
}

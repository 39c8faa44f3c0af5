namespace ClusterSim.Analysis.Steps;

/// <summary>
/// The iterations <c>clustersim step</c> prices: each batch size of <see cref="Batches"/> decoding with
/// <see cref="Context"/> tokens in context each, plus <see cref="Prompts"/> whole prompts of <see cref="PromptTokens"/>
/// prefilled in the same step (chunked prefill's mixed step; none by default: a decode-only step).
/// </summary>
public sealed record StepShape
{
    /// <summary>Decoding sequences per replica, one row each; 0 prices a prefill-only step (needs <see cref="Prompts"/>).</summary>
    public required IReadOnlyList<long> Batches { get; init; }

    /// <summary>Tokens each decoding sequence attends to (its prompt plus what it generated so far).</summary>
    public long Context { get; init; } = 1024;

    /// <summary>Whole prompts prefilled in the same step.</summary>
    public long Prompts { get; init; }

    /// <summary>Tokens of each prompt.</summary>
    public long PromptTokens { get; init; } = 1024;

    /// <summary>Why the shape cannot be priced, or null.</summary>
    public string? Problem()
    {
        if (Batches.Count == 0)
        {
            return "--batch needs at least one batch size";
        }

        if (Batches.Any(b => b < 0 || b > 100_000_000))
        {
            return $"--batch sizes must be whole numbers from 0 to 100,000,000, got {Batches.First(b => b < 0 || b > 100_000_000)}";
        }

        if (Context is < 1 or > 100_000_000)
        {
            return $"--context must be from 1 to 100,000,000 tokens, got {Context}";
        }

        if (Prompts is < 0 or > 1_000_000)
        {
            return $"--prompts must be from 0 to 1,000,000, got {Prompts}";
        }

        if (PromptTokens is < 1 or > 100_000_000)
        {
            return $"--prompt-tokens must be from 1 to 100,000,000, got {PromptTokens}";
        }

        return Prompts == 0 && Batches.Contains(0) ? "a batch of 0 decodes prices nothing without --prompts" : null;
    }
}

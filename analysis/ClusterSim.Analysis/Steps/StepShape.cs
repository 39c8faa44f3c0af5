namespace ClusterSim.Analysis.Steps;

/// <summary>
/// The iterations <c>clustersim step</c> prices: each batch size of <see cref="Batches"/> decoding with
/// <see cref="Context"/> tokens in context each, plus <see cref="Prompts"/> whole prompts of <see cref="PromptTokens"/>
/// prefilled in the same step (chunked prefill's mixed step; none by default: a decode-only step). With
/// <see cref="Beams"/> above 1 each decoding entry is a beam-search request: that many beams share its prompt and each
/// holds <see cref="BeamTokens"/> tokens of its own, as a run prices them (<c>beam_width</c>).
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

    /// <summary>Beams of each decoding request (beam search); 1, the default, is one sequence a request.</summary>
    public int Beams { get; init; } = 1;

    /// <summary>
    /// With <see cref="Beams"/> above 1: the tokens of each beam's context that are its own (generated, the one it feeds
    /// included); the rest of <see cref="Context"/> is the prompt its request's beams share.
    /// </summary>
    public long BeamTokens { get; init; } = 1;

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

        if (Beams is < 1 or > 64)
        {
            return $"--beams must be from 1 to 64 (a text workload's beam_width), got {Beams}";
        }

        if (BeamTokens < 1 || BeamTokens >= Context)
        {
            return $"--beam-tokens must be from 1 to one less than the --context of {Context:N0} tokens (the rest is the shared prompt), got {BeamTokens}";
        }

        if (Beams == 1 && BeamTokens != 1)
        {
            return "--beam-tokens splits a beam-search request's context between its shared prompt and each beam's own tokens: it needs --beams of 2 or more";
        }

        return Prompts == 0 && Batches.Contains(0) ? "a batch of 0 decodes prices nothing without --prompts" : null;
    }
}

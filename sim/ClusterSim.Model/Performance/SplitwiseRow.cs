namespace ClusterSim.Model.Performance;

/// <summary>One measured row of a Splitwise-format profile (times in milliseconds, as in the CSV).</summary>
/// <param name="PromptTimeMs">Prefill time of the whole batch.</param>
/// <param name="TokenTimeMs">Mean time of one decode step over <paramref name="TokenSize"/> generated tokens.</param>
/// <param name="Line">Line in the source file, for error messages.</param>
public sealed record SplitwiseRow(
    string Model,
    string Hardware,
    int TensorParallel,
    int PromptSize,
    int BatchSize,
    int TokenSize,
    double PromptTimeMs,
    double TokenTimeMs,
    double E2eTimeMs,
    int Line)
{
    /// <summary>The prefill this row measured.</summary>
    public IterationShape PrefillShape => IterationShape.Prefill(BatchSize, PromptSize);

    /// <summary>
    /// The mean decode step this row measured: its context runs from prompt + 1 to prompt + token_size, so on
    /// average each new token attends to prompt + (token_size + 1) / 2 tokens.
    /// </summary>
    public IterationShape MeanDecodeShape => IterationShape.Decode(BatchSize, PromptSize + (TokenSize + 1) / 2);
}

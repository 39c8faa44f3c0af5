namespace ClusterSim.Scenarios;

/// <summary>
/// Layers that attend within a bounded span rather than over the whole context (`local_attention` in a model).
/// </summary>
/// <param name="Kind">"sliding": each token attends to the last <paramref name="Window"/> tokens (Mistral 7B, Gemma,
/// GPT-OSS); "chunked": each token attends to the tokens of its own chunk of <paramref name="Window"/> (Llama 4).</param>
/// <param name="Window">The span in tokens.</param>
/// <param name="Layers">How many of the model's layers attend locally; the rest attend over the whole context.</param>
public sealed record LocalAttentionSpec(string Kind, int Window, int Layers);

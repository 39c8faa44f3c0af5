namespace ClusterSim.Scenarios;

/// <summary>
/// The path between a client and an engine that the engine's steps do not contain (`request_path`): an OpenAI-compatible
/// HTTP server's request parsing, chat template and tokenizer, its hop to the engine process, the detokenizer, the
/// streamed response and the client's own parsing. It adds to a request's first token and its end, not to the engine's
/// work.
/// </summary>
/// <param name="Kind">http: an engine behind its HTTP server (the path's measured time); in_process: a harness in the
/// engine's own process (MLPerf's LoadGen, an offline benchmark), no path; measured: the time given.</param>
/// <param name="Seconds">The whole path's time, added once to each request.</param>
public sealed record RequestPathSpec(RequestPathKind Kind, double Seconds);

namespace ClusterSim.Model.Workloads.Traces;

/// <summary>
/// The Azure LLM inference trace 2023 (Patel et al., Splitwise, ISCA 2024; CC-BY-4.0):
/// <c>TIMESTAMP,ContextTokens,GeneratedTokens</c> with timestamps like
/// <c>2023-11-16 18:15:46.6805900</c> (UTC, 100 ns resolution, kept exactly); CRLF or LF line ends.
/// </summary>
public sealed class AzureLlmTraceSource(string path, TraceOptions? options = null)
    : TraceRequestSource(path, options, new AzureLlmRowParser());

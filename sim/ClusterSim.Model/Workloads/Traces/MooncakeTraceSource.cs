namespace ClusterSim.Model.Workloads.Traces;

/// <summary>
/// Mooncake traces (kvcache-ai/Mooncake, FAST'25; Apache-2.0): one JSON object per line with
/// <c>timestamp</c> (ms), <c>input_length</c>, <c>output_length</c> and <c>hash_ids</c>, one id per
/// 512-token prefix block, equal ids meaning reusable KV cache. The ids are passed on as
/// <see cref="TextRequestSpec.PrefixHashes"/> for the prefix cache.
/// </summary>
public sealed class MooncakeTraceSource(string path, TraceOptions? options = null)
    : TraceRequestSource(path, options, new MooncakeRowParser())
{
    /// <summary>Tokens covered by one hash id in these traces.</summary>
    public const int PrefixBlockTokens = 512;
}

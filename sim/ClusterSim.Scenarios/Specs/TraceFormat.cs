namespace ClusterSim.Scenarios;

public enum TraceFormat
{
    /// <summary>CSV <c>TIMESTAMP,ContextTokens,GeneratedTokens</c> (Azure LLM inference trace 2023).</summary>
    Azure,

    /// <summary>JSON lines with <c>timestamp</c> (ms), <c>input_length</c>, <c>output_length</c>, <c>hash_ids</c> (Mooncake).</summary>
    Mooncake,
}

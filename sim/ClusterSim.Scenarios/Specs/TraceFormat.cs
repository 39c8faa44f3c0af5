namespace ClusterSim.Scenarios;

public enum TraceFormat
{
    /// <summary>CSV <c>TIMESTAMP,ContextTokens,GeneratedTokens</c> (Azure LLM inference trace 2023).</summary>
    Azure,

    /// <summary>JSON lines with <c>timestamp</c> (ms), <c>input_length</c>, <c>output_length</c>, <c>hash_ids</c> (Mooncake).</summary>
    Mooncake,

    /// <summary>CSV <c>Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type</c> (BurstGPT, arXiv:2401.17644).</summary>
    BurstGpt,

    /// <summary>Any CSV, its columns named by <see cref="TraceColumns"/>.</summary>
    Csv,
}

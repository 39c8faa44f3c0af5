namespace ClusterSim.Scenarios;

public enum ModelKind
{
    /// <summary>Transformer language model (text).</summary>
    Llm,

    /// <summary>Video diffusion transformer.</summary>
    Video,

    /// <summary>Real-time talking-head model.</summary>
    Avatar,
}

namespace ClusterSim.Model.Serving.Video;

/// <summary>How a video DiT lets the text condition the latent.</summary>
public enum VideoAttention
{
    /// <summary>Separate weights: latent tokens self-attend and cross-attend to text keys and values (Wan2.1).</summary>
    Cross,

    /// <summary>MMDiT: the text tokens join the sequence, every weight applies to latent and text tokens, one attention over both (HunyuanVideo, CogVideoX).</summary>
    Joint,
}

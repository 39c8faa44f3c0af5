namespace ClusterSim.Model.Serving.Video;

/// <summary>How the two passes of classifier-free guidance run.</summary>
public enum VideoGuidance
{
    /// <summary>Two forward passes one after the other (Wan2.1's generate.py).</summary>
    Sequential,

    /// <summary>One forward pass over a batch of two (diffusers pipelines).</summary>
    Batch,

    /// <summary>CFG parallelism of degree 2: each half of the replica's accelerators runs one pass, then they exchange the prediction (xDiT).</summary>
    Split,
}

namespace ClusterSim.Model.Serving.Video;

/// <summary>A stream of video requests in non-decreasing arrival order, produced lazily.</summary>
public interface IVideoSource
{
    bool TryNext(out VideoRequestSpec request);
}

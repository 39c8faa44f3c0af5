namespace ClusterSim.Model.Serving.Video;

/// <summary>What video replicas report as requests move through them.</summary>
internal interface IVideoObserver
{
    void OnScheduled(VideoReplica replica, VideoRequest request);

    void OnCompleted(VideoReplica replica, VideoRequest request);
}

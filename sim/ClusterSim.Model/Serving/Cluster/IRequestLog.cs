using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Model.Serving.Cluster;

/// <summary>Receives each request once it leaves the system (streamed to disk by the CLI).</summary>
public interface IRequestLog
{
    void Write(TextRequest request, string className);
}

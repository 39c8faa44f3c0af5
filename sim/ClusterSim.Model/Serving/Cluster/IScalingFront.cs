using ClusterSim.Engine.Core;

namespace ClusterSim.Model.Serving.Cluster;

/// <summary>
/// The side of a kind that routes its requests, as the autoscaler sees it: whether a class has a serving replica, routing
/// a request that waited for one, and hearing that the serving set changed.
/// </summary>
/// <typeparam name="TRequest">What waits for a serving replica (a text request; a video or image arrival).</typeparam>
internal interface IScalingFront<TRequest>
{
    Simulation Simulation { get; }

    /// <summary>True while arrivals remain or work is in flight (evaluations stop once it is false).</summary>
    bool HasWork { get; }

    /// <summary>Whether a replica that may serve class <paramref name="classIndex"/> takes requests now.</summary>
    bool HasRoutable(int classIndex);

    /// <summary>Routes a request that waited for a serving replica (one serves its class now).</summary>
    void Route(TRequest request);

    /// <summary>The serving set changed: route only to serving replicas from now on.</summary>
    void OnRoutableChanged();

    /// <summary>The class a waiting request belongs to.</summary>
    int ClassOf(TRequest request);
}

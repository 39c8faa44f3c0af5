namespace ClusterSim.Model.Serving.Kinds;

/// <summary>A step kind's replica, as the cluster hands it the run's step tracer.</summary>
internal interface ITracedStepReplica
{
    IStepTracer? Tracer { get; set; }
}

using ClusterSim.Model.Serving.Kinds;

namespace ClusterSim.Model.Serving.Image;

/// <summary>A set of identical image replicas (one deployment), one accelerator each; batches never preempted.</summary>
public sealed record ImagePoolSetup(string Name, int Replicas, ImageCostModel Cost) : StepPoolSetup(Name, Replicas);

namespace ClusterSim.Model.Facility;

/// <summary>A class and what it delivered over the run, for its cost per unit (see <see cref="CostModel.Attribute"/>).</summary>
/// <param name="Name">Class (workload) name.</param>
/// <param name="Delivered">Output tokens, seconds of video or stream-hours it delivered.</param>
public sealed record ClassDelivery(string Name, ServiceCounts Delivered);

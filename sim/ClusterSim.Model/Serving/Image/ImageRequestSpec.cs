namespace ClusterSim.Model.Serving.Image;

/// <summary>An image request as a source produces it: when it arrives, its shape and how many images it asks for.</summary>
public readonly record struct ImageRequestSpec(long ArrivalNs, ImageShape Shape, int Images);

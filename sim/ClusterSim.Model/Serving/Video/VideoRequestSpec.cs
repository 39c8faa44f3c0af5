namespace ClusterSim.Model.Serving.Video;

/// <summary>One video request as traffic produces it.</summary>
public readonly record struct VideoRequestSpec(long ArrivalNs, int Width, int Height, int Frames, int Steps, double Fps);

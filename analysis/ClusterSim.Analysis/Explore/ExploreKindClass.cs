namespace ClusterSim.Analysis.Explore;

/// <summary>A video, image or avatar class on the explorer's page: its name, kind and which latency its figures are.</summary>
/// <param name="Latency">What its latency figures time: "end to end" (arrival to completion) or "frame latency" (an avatar's frames, release to ready).</param>
internal sealed record ExploreKindClass(string Name, string Kind, string Latency);

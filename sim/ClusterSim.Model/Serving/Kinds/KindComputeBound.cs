namespace ClusterSim.Model.Serving.Kinds;

/// <summary>An upper bound on a class's requests per second (<see cref="IComputeBoundedKind"/>) and how it was reached, in words.</summary>
public readonly record struct KindComputeBound(double RequestsPerSecond, string How);

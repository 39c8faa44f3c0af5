namespace ClusterSim.Model.Serving.Kinds;

/// <summary>
/// A kind whose requests' work has a compute roof: the most requests a second one of its classes could be served at if
/// every pool that may serve it ran nothing but that class's denoising steps at its accelerators' dense peak. Encoding,
/// decoding, memory traffic, communication, efficiency below 1 and the other classes sharing the pools are left out,
/// each of which only lowers the true capacity, so a planner may call a load far above it infeasible without a run.
/// </summary>
public interface IComputeBoundedKind
{
    /// <summary>The class's bound, with how it was reached; null when the kind cannot bound it (an unknown class).</summary>
    KindComputeBound? ComputeBound(string className);
}

namespace ClusterSim.Model.Facility;

/// <summary>
/// What the classes of a kind used of one of its pools: its accelerators and the busy accelerator-seconds each
/// class had on them (a text iteration split by tokens, a video or image step by each member's share of it, an
/// avatar pool's frames and turns, class by class).
/// </summary>
/// <param name="Pool">The deployment's name.</param>
/// <param name="Accelerators">Accelerators in its replicas.</param>
/// <param name="BusySecondsByClass">Replica-seconds of work per class of the kind, in the kind's class order.</param>
public sealed record KindPoolUsage(string Pool, int Accelerators, IReadOnlyList<double> BusySecondsByClass);

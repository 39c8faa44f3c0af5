namespace ClusterSim.Model.Facility;

/// <summary>
/// What the classes of a kind other than text used of one of its pools: its accelerators and the busy
/// time each class had on them (an avatar pool's frames and turns, class by class).
/// </summary>
/// <param name="Pool">The deployment's name.</param>
/// <param name="Accelerators">Accelerators in its replicas.</param>
/// <param name="BusySecondsByClass">Replica-seconds of work per class of the kind, in the kind's class order.</param>
public sealed record KindPoolUsage(string Pool, int Accelerators, IReadOnlyList<double> BusySecondsByClass);

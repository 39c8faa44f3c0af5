namespace ClusterSim.Model.Facility;

/// <summary>
/// What the text classes used of one text pool: its accelerators and the tokens each class had processed
/// on it (prompt and output on a co-located pool; prompt on a prefill pool; output on a decode pool).
/// </summary>
/// <param name="Pool">The deployment's name.</param>
/// <param name="Accelerators">Accelerators in its replicas.</param>
/// <param name="TokensByClass">Tokens per text class, in class order.</param>
public sealed record TextPoolUsage(string Pool, int Accelerators, IReadOnlyList<long> TokensByClass);

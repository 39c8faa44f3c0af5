namespace ClusterSim.Model.Serving.Scheduling;

/// <summary>What a queue discipline reads of one waiting item.</summary>
/// <param name="ClassIndex">Index into the class table the queue was built with.</param>
/// <param name="ReadyNs">When it became ready (a request's arrival, a frame's release): deadlines count from here, and it breaks ties oldest first.</param>
/// <param name="Id">Unique, increasing in creation order: the last tie-break, so the order is total and runs are deterministic.</param>
/// <param name="Size">Its size for shortest-first (prompt tokens, FLOPs).</param>
/// <param name="Work">Service it takes when it is next taken, for fair sharing (tokens, FLOPs); the unit only has to agree within one queue.</param>
public readonly record struct QueueItem(int ClassIndex, long ReadyNs, long Id, double Size, double Work);

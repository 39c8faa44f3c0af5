namespace ClusterSim.Model.Serving.Cluster;

/// <summary>
/// A batcher in front of the router: a class's requests are held and handed to one replica as a group, when the
/// group reaches <paramref name="MaxSize"/> or its wait runs out. Serving harnesses do this to feed an engine
/// whole batches: AMD's MLPerf Inference v4.1 Llama-2-70B server harness (<c>--enable-batcher</c>: 96 queries or
/// 0.3 s since the previous batch went out), KServe's batcher (max batch size, max latency), Triton's dynamic
/// batcher (max queue delay). The wait is part of every request's queueing time and time to first token.
/// </summary>
/// <param name="MaxSize">Largest group; a group this size goes out at once.</param>
/// <param name="MaxWaitNs">How long a group may wait to fill.</param>
/// <param name="FromDispatch">
/// True: the wait is counted from the previous group's dispatch (AMD's harness: a request that arrives once the
/// wait has passed goes out at once, with whatever gathered); false: from the group's first request (KServe, Triton).
/// </param>
public sealed record FrontBatching(int MaxSize, long MaxWaitNs, bool FromDispatch)
{
    public void Validate()
    {
        if (MaxSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSize), MaxSize, "a front batch holds at least one request");
        }

        if (MaxWaitNs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxWaitNs), MaxWaitNs, "the wait cannot be negative");
        }
    }
}

namespace ClusterSim.Model.Serving.Batching;

/// <summary>
/// Request-level batching, as before continuous batching: a batch of up to
/// <c>maxBatch</c> requests is formed, prefilled together and decoded until its last member
/// finishes; nobody joins meanwhile. The batch starts when it is full or when the oldest waiting
/// request has waited <c>maxWait</c>. "static" waits long to fill (classic static batching),
/// "dynamic" waits briefly (Triton's dynamic batcher).
/// </summary>
public sealed class RequestLevelBatchPolicy(string name, int maxBatch, long maxWaitNs) : IBatchPolicy
{
    public string Name => name;

    public int MaxBatch => maxBatch;

    public long MaxWaitNs => maxWaitNs;

    public bool RepeatsDecodeOnly => true;

    public bool Plan(BatchBuilder batch, out long wakeAtNs)
    {
        wakeAtNs = -1;
        if (batch.PrefillingCount > 0)
        {
            return batch.SchedulePrefill(int.MaxValue, allowPartial: false) > 0;
        }

        if (batch.DecodingCount > 0)
        {
            batch.IncludeDecodes();
            return true;
        }

        if (batch.WaitingCount == 0)
        {
            return false;
        }

        var deadline = batch.OldestWaitingSinceNs + maxWaitNs;
        if (batch.WaitingCount < maxBatch && batch.NowNs < deadline)
        {
            wakeAtNs = deadline;
            return false;
        }

        var limit = Math.Min(maxBatch, batch.MaxSequences);
        while (batch.PrefillingCount < limit && batch.WaitingCount > 0 && batch.TryAdmitNext())
        {
        }

        return batch.SchedulePrefill(int.MaxValue, allowPartial: false) > 0;
    }
}

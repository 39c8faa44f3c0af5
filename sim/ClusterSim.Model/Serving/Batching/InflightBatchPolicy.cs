namespace ClusterSim.Model.Serving.Batching;

/// <summary>
/// In-flight batching without chunked context, as TensorRT-LLM runs it by default: every iteration carries all running
/// decodes and, beside them, whole prompts, oldest first, while the step's tokens (a decode is one) stay within the
/// replica's max_batch_tokens (the engine's max_num_tokens). A prompt that does not fit waits for a later step, and the
/// ones behind it wait too (first come, first served). Unlike <see cref="ContinuousBatchPolicy"/> a prompt never
/// pauses the decodes; unlike <see cref="ChunkedPrefillBatchPolicy"/> it is never split.
/// </summary>
/// <remarks>
/// A prompt longer than the whole budget could never run whole (TensorRT-LLM without chunked context refuses prompts
/// over max_num_tokens): rather than block the queue for good, it is admitted when it reaches the head and goes in
/// chunks of what each step leaves (the compiler's note says so). One that fits the budget but not beside the decodes
/// of the moment waits for them to finish, as the engine's first-come-first-served scheduler makes it wait.
/// </remarks>
public sealed class InflightBatchPolicy : IBatchPolicy
{
    public string Name => "inflight";

    public bool RepeatsDecodeOnly => true;

    public bool Plan(BatchBuilder batch, out long wakeAtNs)
    {
        wakeAtNs = -1;
        var budget = batch.MaxBatchTokens;
        if (batch.DecodingCount > 0)
        {
            batch.IncludeDecodes();
        }

        var beforePrompts = batch.ScheduledTokens;
        var left = budget - batch.ScheduledTokens;
        left -= batch.SchedulePrefill(Math.Max(0, left), allowPartial: false);
        while (batch.WaitingCount > 0 && batch.RunningCount < batch.MaxSequences && batch.HeadWaitingTokens <= left
               && batch.TryAdmitNext())
        {
            left -= batch.SchedulePrefill(left, allowPartial: false);
        }

        if (batch.ScheduledTokens == beforePrompts && batch.PrefillingCount == 0 && batch.WaitingCount > 0
            && batch.RunningCount < batch.MaxSequences && batch.HeadWaitingTokens > budget)
        {
            batch.TryAdmitNext(); // it would never fit whole: it goes in chunks below
        }

        if (batch.ScheduledTokens == beforePrompts && batch.PrefillingCount > 0)
        {
            // Nothing whole fits beside the decodes: the oldest prompt takes what the step leaves (at least a token).
            batch.SchedulePrefill(Math.Max(1, left), allowPartial: true);
        }

        return batch.ScheduledTokens > 0;
    }
}

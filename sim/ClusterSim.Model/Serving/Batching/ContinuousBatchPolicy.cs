namespace ClusterSim.Model.Serving.Batching;

/// <summary>
/// Iteration-level continuous batching as in Orca and vLLM's original scheduler: new requests
/// join at any iteration, and a waiting prompt that fits is prefilled at once, in an iteration of
/// its own, pausing the running decodes (which is what makes their token gaps spike).
/// </summary>
/// <param name="schedulerSteps">Decode steps per scheduling round (vLLM 0.6's --num-scheduler-steps; 1: every step).</param>
public sealed class ContinuousBatchPolicy(int schedulerSteps = 1) : IBatchPolicy
{
    public string Name => "continuous";

    public bool RepeatsDecodeOnly => true;

    public int SchedulerSteps { get; } = schedulerSteps >= 1 ? schedulerSteps
        : throw new ArgumentOutOfRangeException(nameof(schedulerSteps), schedulerSteps, "a scheduling round has at least one step");

    public bool Plan(BatchBuilder batch, out long wakeAtNs)
    {
        wakeAtNs = -1;
        while (batch.WaitingCount > 0 && batch.RunningCount < batch.MaxSequences
               && batch.PendingPrefillTokens + batch.HeadWaitingTokens <= batch.MaxBatchTokens
               && batch.TryAdmitNext())
        {
        }

        // A prompt longer than the token budget still runs, in a prefill iteration of its own, as soon as no
        // other prompt is prefilling: vLLM without chunked prefill raises the budget to the longest prompt
        // the model takes, so such a prompt never waits for the running decodes to drain (it did here until
        // 2026-12, which held every request queued behind it for seconds).
        if (batch.PrefillingCount == 0 && batch.WaitingCount > 0 && batch.RunningCount < batch.MaxSequences)
        {
            batch.TryAdmitNext();
        }

        if (batch.PrefillingCount > 0 && batch.SchedulePrefill(batch.MaxBatchTokens, allowPartial: false) > 0)
        {
            return true;
        }

        if (batch.DecodingCount > 0)
        {
            batch.IncludeDecodes();
            return true;
        }

        return false;
    }
}

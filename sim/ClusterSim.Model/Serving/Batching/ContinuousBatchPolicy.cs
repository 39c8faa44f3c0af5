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

        // A prompt longer than the token budget still runs, alone (vLLM requires the budget to
        // cover the longest prompt; we degrade instead of refusing).
        if (batch.PrefillingCount == 0 && batch.WaitingCount > 0 && batch.DecodingCount == 0)
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

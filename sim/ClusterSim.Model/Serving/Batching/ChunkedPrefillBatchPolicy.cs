namespace ClusterSim.Model.Serving.Batching;

/// <summary>
/// Chunked prefill (Sarathi-Serve, vLLM's current scheduler): every iteration carries all running
/// decodes and fills the rest of a token budget with prompt chunks, so a long prompt never
/// stalls the decodes for a whole prefill. <paramref name="chunkCap"/> (0: none) holds each request's chunk to that many
/// tokens an iteration, as vLLM's long_prefill_token_threshold does, so several prompts advance together.
/// </summary>
public sealed class ChunkedPrefillBatchPolicy(int? tokenBudget = null, int chunkCap = 0) : IBatchPolicy
{
    public string Name => "chunked_prefill";

    public bool RepeatsDecodeOnly => true;

    public bool Plan(BatchBuilder batch, out long wakeAtNs)
    {
        wakeAtNs = -1;
        // The budget is an engine's per scheduled batch: a pipelined replica's micro-batches each take it.
        var budget = (int)Math.Min(tokenBudget is { } perBatch ? (long)perBatch * batch.MicroBatches : batch.MaxBatchTokens, batch.MaxBatchTokens);
        if (batch.DecodingCount > 0)
        {
            batch.IncludeDecodes();
        }

        // With attention dp a prompt runs on one rank, whose engine holds it to that rank's share of the budget less
        // the rank's own decodes (TensorRT-LLM schedules each attention-dp rank on its own). Decodes spread evenly, and
        // a prompt goes to a rank with room, one holding the fewest: floor(D / R).
        var ranks = batch.AttentionRanks;
        var cap = ranks > 1 ? budget / ranks - batch.ScheduledTokens / ranks : int.MaxValue;
        if (chunkCap > 0)
        {
            cap = Math.Min(cap, chunkCap);
        }

        var left = budget - batch.ScheduledTokens;
        left -= batch.SchedulePrefill(left, allowPartial: true, cap);
        while (left > 0 && batch.WaitingCount > 0 && batch.RunningCount < batch.MaxSequences && batch.TryAdmitNext())
        {
            left -= batch.SchedulePrefill(left, allowPartial: true, cap);
        }

        return batch.ScheduledTokens > 0;
    }
}

namespace ClusterSim.Model.Serving;

/// <summary>
/// Iteration time as a linear function of the batch: a fixed overhead plus a cost per prompt
/// token, per decoding sequence and per context token read. The simplest honest model, used where
/// an experiment needs a known service time (queueing checks, teaching).
/// </summary>
public sealed class LinearIterationTimer(long fixedNs, double perPrefillTokenNs = 0, double perDecodeSequenceNs = 0, double perContextTokenNs = 0)
    : IIterationTimer
{
    public long IterationNs(in BatchShape shape)
        => Math.Max(1, fixedNs + (long)Math.Round(
            perPrefillTokenNs * shape.PrefillTokens + perDecodeSequenceNs * shape.DecodeSequences + perContextTokenNs * shape.DecodeContextTokens));
}

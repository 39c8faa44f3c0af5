namespace ClusterSim.Model.Performance;

/// <summary>
/// The busiest rank of an attention-data-parallel replica. Each rank runs attention and the dense layers for its own
/// sequences, and every MoE layer's dispatch waits for all ranks, so a step takes as long as its most loaded rank
/// (TensorRT-LLM's "ADP Balance Strategy", tech blog 10: an iteration's attention time is the maximum over ranks; its
/// baseline round-robin placement averaged 54 % balance on DeepSeek V3). A rank's decodes are taken as spread evenly
/// (ceil(D / R) on the busiest); a prompt or prompt chunk is indivisible, so the P of a step lie ceil(P / R) to the
/// busiest rank, each of the mean chunk's size: a lone prompt loads one rank with all of it while the others decode.
/// Both maxima are put on one rank, which a rank that just took a prompt (because one of its sequences finished)
/// exceeds by at most one decode.
/// </summary>
internal static class AttentionDataParallelLoad
{
    /// <summary>
    /// The factors by which the busiest of <paramref name="ranks"/> ranks exceeds the mean rank, for the decodes and for
    /// the prefill work of a step of <paramref name="decodes"/> decoding sequences and <paramref name="prefills"/> prompt
    /// chunks: R x ceil(n / R) / n (1 where n divides evenly or is 0).
    /// </summary>
    public static (double Decode, double Prefill) Factors(long decodes, long prefills, int ranks)
        => (Factor(decodes, ranks), Factor(prefills, ranks));

    private static double Factor(long items, int ranks)
        => items <= 0 || ranks <= 1 ? 1.0 : ranks * (double)((items + ranks - 1) / ranks) / items;
}

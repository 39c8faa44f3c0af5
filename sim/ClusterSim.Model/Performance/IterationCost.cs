namespace ClusterSim.Model.Performance;

/// <summary>
/// A predicted iteration: how long it takes and what it used, per accelerator of the replica. The power model reads
/// the busy fractions; the engine reads <see cref="DurationNs"/>.
/// </summary>
public readonly record struct IterationCost
{
    /// <summary>Wall time of the iteration from start to the last stage's end.</summary>
    public double Seconds { get; init; }

    /// <summary>Time one accelerator's matrix units are busy at the achieved rate.</summary>
    public double ComputeSeconds { get; init; }

    /// <summary>Time one accelerator's memory is busy at the achieved bandwidth.</summary>
    public double MemorySeconds { get; init; }

    /// <summary>Time spent in tensor-parallel collectives and pipeline send/recv on the critical path.</summary>
    public double CommunicationSeconds { get; init; }

    /// <summary>Fixed and per-sequence software overhead.</summary>
    public double OverheadSeconds { get; init; }

    /// <summary>FLOPs one accelerator performs (its share of the iteration, on the most loaded pipeline stage).</summary>
    public double FlopsPerDevice { get; init; }

    /// <summary>Bytes one accelerator moves to and from its memory.</summary>
    public double BytesPerDevice { get; init; }

    /// <summary>Interval at which a pipelined replica can start the next micro-batch (equals the stage time).</summary>
    public double StageSeconds { get; init; }

    /// <summary>Fraction of the iteration a pipeline stage sits idle waiting for others: (p - m) / p with fewer micro-batches m than stages p, else 0.</summary>
    public double BubbleFraction { get; init; }

    /// <summary>Duration in whole nanoseconds, rounded up so rounding can never undercut the prediction.</summary>
    public long DurationNs => Seconds <= 0 ? 0 : (long)Math.Ceiling(Seconds * 1e9);

    public bool IsComputeBound => ComputeSeconds >= MemorySeconds;

    /// <summary>Share of the iteration the matrix units are busy, in [0, 1].</summary>
    public double ComputeBusyFraction => Seconds > 0 ? Math.Min(1.0, ComputeSeconds / Seconds) : 0;

    /// <summary>Share of the iteration the memory system is busy, in [0, 1].</summary>
    public double MemoryBusyFraction => Seconds > 0 ? Math.Min(1.0, MemorySeconds / Seconds) : 0;
}

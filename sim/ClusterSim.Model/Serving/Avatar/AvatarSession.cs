namespace ClusterSim.Model.Serving.Avatar;

/// <summary>An admitted session on its replica. Times are nanoseconds of simulated time.</summary>
internal sealed class AvatarSession
{
    public required long Id { get; init; }

    public required int ClassIndex { get; init; }

    public required AvatarClassMetrics Metrics { get; init; }

    public required long ArrivalNs { get; init; }

    /// <summary>Frames it streams: its length times its frame rate, at least one.</summary>
    public required long FramesTotal { get; init; }

    public required double PeriodNs { get; init; }

    /// <summary>GPU time of one of its frames alone (a batch of one): the least a frame can take on the GPU.</summary>
    public required long FrameNs { get; init; }

    /// <summary>Frame work in FLOPs, what it adds to a GPU batch.</summary>
    public double FrameFlops { get; init; }

    /// <summary>Most frames a batch holding one of its frames may have (<see cref="AvatarService.BatchCap"/>).</summary>
    public int BatchCap { get; init; } = 1;

    /// <summary>Host core time of one frame's CPU stage (paste-back, encoding); 0: no CPU stage.</summary>
    public long CpuNs { get; init; }

    public required long FrameDeadlineNs { get; init; }

    public long TurnNs { get; init; }

    public long TurnDeadlineNs { get; init; }

    /// <summary>Mean turns per nanosecond; 0 without turns.</summary>
    public double TurnRatePerNs { get; init; }

    /// <summary>
    /// Share of its replica it claims (fps x frame time, plus turns x turn time) in units of
    /// 1e-12: integers, so admitting and ending sessions never drifts the load off exact capacity.
    /// </summary>
    public required long Demand { get; init; }

    public int Slot { get; set; }

    public long FramesReleased { get; set; }

    /// <summary>Frames delivered or skipped.</summary>
    public long FramesFinished { get; set; }

    public bool FirstFrameDone { get; set; }

    public int TurnsPending { get; set; }

    // The session's own counts, for its row in a sessions log (the class's statistics keep theirs after the warm-up only).
    public long FirstFrameNs { get; set; } = -1;

    public long FramesLate { get; set; }

    public long FramesSkipped { get; set; }

    public long MaxFrameLatencyNs { get; set; } = -1;

    public long Turns { get; set; }

    public long TurnsLate { get; set; }

    /// <summary>Release time of frame <paramref name="k"/> (0-based): arrival + k frame periods, rounded once, so rounding never drifts.</summary>
    public long ReleaseNs(long k) => ArrivalNs + (long)Math.Round(k * PeriodNs);

    public long LastReleaseNs => ReleaseNs(FramesTotal - 1);
}

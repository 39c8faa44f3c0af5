namespace ClusterSim.Model.Serving.Avatar;

/// <summary>
/// One avatar session as it left the system: streamed to its end, or rejected at arrival. Counts cover the whole
/// session (frames released before the warm-up too, unlike the class's statistics). Times are nanoseconds of
/// simulated time; -1 where a time never happened (a rejected session's first frame and end).
/// </summary>
/// <param name="Id">The session's number, unique within its kind.</param>
/// <param name="Rejected">True: admission turned it away at arrival, so it streamed nothing.</param>
/// <param name="Replica">The replica it streamed from; -1 when rejected.</param>
/// <param name="ArrivalNs">When it arrived (and, admitted, released its first frame).</param>
/// <param name="FirstFrameNs">When its first frame was delivered; -1 if none was (rejected, or every frame skipped).</param>
/// <param name="EndNs">When its last frame (or reply turn) finished; -1 when rejected.</param>
/// <param name="LengthNs">What it asked to stream, streamed or turned away: its frames over its frame rate.</param>
/// <param name="Frames">Frames it asked for (its length times its frame rate, at least one), rejected ones too.</param>
/// <param name="FramesLate">Frames delivered after the class's frame deadline.</param>
/// <param name="FramesSkipped">Frames dropped because they could no longer meet it (the pool skips late frames).</param>
/// <param name="MaxFrameLatencyNs">Its slowest delivered frame, release to ready; -1 if none was delivered.</param>
/// <param name="Turns">Reply turns it ran.</param>
/// <param name="TurnsLate">Turns that finished after the class's turn deadline.</param>
public readonly record struct AvatarSessionRecord(
    long Id,
    bool Rejected,
    int Replica,
    long ArrivalNs,
    long FirstFrameNs,
    long EndNs,
    long LengthNs,
    long Frames,
    long FramesLate,
    long FramesSkipped,
    long MaxFrameLatencyNs,
    long Turns,
    long TurnsLate)
{
    /// <summary>Frames delivered, on time or late.</summary>
    public long FramesDelivered => Rejected ? 0 : Frames - FramesSkipped;
}

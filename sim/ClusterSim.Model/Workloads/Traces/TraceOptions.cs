namespace ClusterSim.Model.Workloads.Traces;

/// <summary>How a trace is replayed.</summary>
/// <param name="Speed">Replay speed: 10 divides every gap, and so the span, by 10.</param>
/// <param name="Loops">How many times to replay the trace back to back (1 = once).</param>
/// <param name="SkipBadRows">Count and skip unreadable rows instead of failing on the first.</param>
public sealed record TraceOptions(double Speed = 1.0, int Loops = 1, bool SkipBadRows = false);

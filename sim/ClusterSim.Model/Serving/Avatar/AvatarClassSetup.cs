using ClusterSim.Engine.Core;

namespace ClusterSim.Model.Serving.Avatar;

/// <summary>One class of avatar sessions: where they come from, what each frame costs, what is promised.</summary>
/// <param name="Fps">Frames per second a session needs.</param>
/// <param name="FrameFlops">Work of one frame at the class's resolution.</param>
/// <param name="FrameDeadlineSeconds">Each frame must be ready this long after its release (e.g. 0.04 at 25 fps); null: one frame period.</param>
/// <param name="StartupSeconds">First frame within this long of the session's arrival; null for no target.</param>
/// <param name="Percentile">Share of frames (in percent) the frame deadline is promised for.</param>
/// <param name="Priority">Higher goes first under strict priority.</param>
public sealed record AvatarClassSetup(string Name, Func<Simulation, IAvatarSource> Source, double Fps, double FrameFlops,
    double? FrameDeadlineSeconds = null, double? StartupSeconds = null, double Percentile = 99, int Priority = 0)
{
    /// <summary>Pools that may serve it; null means every avatar pool.</summary>
    public IReadOnlyList<string>? Pools { get; init; }

    /// <summary>Share of a replica under fair sharing, relative to the other classes.</summary>
    public double Weight { get; init; } = 1;

    /// <summary>Host core-seconds per frame of the CPU stage (paste-back and encoding at the class's output size); 0: none.</summary>
    public double CpuSecondsPerFrame { get; init; }

    /// <summary>Reply turns, or null for a session that only streams.</summary>
    public AvatarTurns? Turns { get; init; }

    /// <summary>The frame deadline in force: the target, or one frame period.</summary>
    public double EffectiveFrameDeadlineSeconds => FrameDeadlineSeconds ?? 1 / Fps;
}

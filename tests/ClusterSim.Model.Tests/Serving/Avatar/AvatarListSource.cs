using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving.Avatar;

namespace ClusterSim.Model.Tests.Serving.Avatar;

/// <summary>Avatar sessions from a fixed list of (start, length) in seconds, in order: hand-worked timelines.</summary>
internal sealed class AvatarListSource(IEnumerable<(double At, double Seconds)> sessions) : IAvatarSource
{
    private readonly Queue<(double At, double Seconds)> _sessions = new(sessions);

    public bool TryNext(out AvatarSessionSpec session)
    {
        if (!_sessions.TryDequeue(out var next))
        {
            session = default;
            return false;
        }

        session = new AvatarSessionSpec(SimTime.FromSeconds(next.At), SimTime.FromSeconds(next.Seconds));
        return true;
    }
}

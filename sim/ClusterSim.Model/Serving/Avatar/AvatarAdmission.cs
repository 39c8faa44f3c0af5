namespace ClusterSim.Model.Serving.Avatar;

/// <summary>What happens to a session that no replica has the capacity for.</summary>
public enum AvatarAdmission
{
    /// <summary>Turn it away, so the admitted sessions keep their frame deadlines.</summary>
    Reject,

    /// <summary>Put it on the least loaded replica anyway; frames will miss.</summary>
    Admit,
}

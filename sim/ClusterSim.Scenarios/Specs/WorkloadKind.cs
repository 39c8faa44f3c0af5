namespace ClusterSim.Scenarios;

public enum WorkloadKind
{
    Text,
    Video,
    Avatar,
}

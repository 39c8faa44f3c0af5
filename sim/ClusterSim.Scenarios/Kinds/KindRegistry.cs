using ClusterSim.Scenarios.Kinds.Avatar;
using ClusterSim.Scenarios.Kinds.Image;
using ClusterSim.Scenarios.Kinds.Text;
using ClusterSim.Scenarios.Kinds.Video;

namespace ClusterSim.Scenarios.Kinds;

/// <summary>
/// The workload kinds a scenario may use, in the order the schema lists them. Adding a kind is one line
/// here (and one in the Model's <c>KindCompilers</c>).
/// </summary>
internal static class KindRegistry
{
    public static IReadOnlyList<WorkloadKindDescriptor> All { get; } =
    [
        new TextKind(),
        new VideoKind(),
        new AvatarKind(),
        new ImageKind(),
    ];

    /// <summary>The kind whose workloads have <c>kind: <paramref name="name"/></c>, or null.</summary>
    public static WorkloadKindDescriptor? ForWorkload(string? name) => All.FirstOrDefault(k => k.Name == name);

    /// <summary>The kind served by models of <c>kind: <paramref name="modelKind"/></c>, or null.</summary>
    public static WorkloadKindDescriptor? ForModel(string? modelKind) => All.FirstOrDefault(k => k.ModelKind == modelKind);
}

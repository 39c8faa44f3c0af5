using ClusterSim.Model.Serving.Avatar;
using ClusterSim.Model.Serving.Image;
using ClusterSim.Model.Serving.Video;

namespace ClusterSim.Model.Setup.Kinds;

/// <summary>
/// The workload kinds besides text, in the order their sections appear in a run's result. Adding a kind
/// is one line here (and one in the Scenarios' kind registry).
/// </summary>
public static class KindCompilers
{
    public static IReadOnlyList<IKindCompiler> All { get; } =
    [
        new VideoKindCompiler(),
        new AvatarKindCompiler(),
        new ImageKindCompiler(),
    ];

    /// <summary>The compiler of deployments of models of <c>kind: <paramref name="modelKind"/></c>, or null (text).</summary>
    public static IKindCompiler? ForModel(string modelKind) => All.FirstOrDefault(k => k.ModelKind == modelKind);
}

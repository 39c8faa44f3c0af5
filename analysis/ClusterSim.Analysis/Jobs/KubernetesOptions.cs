namespace ClusterSim.Analysis.Jobs;

/// <summary>What an Indexed Job needs beyond the run itself.</summary>
/// <param name="Image">Container image holding the clustersim CLI.</param>
/// <param name="VolumeClaim">PersistentVolumeClaim shared by the tasks and the merge (scenario in, shard files out).</param>
/// <param name="MountPath">Where the claim is mounted; the containers work there, so relative paths are relative to the volume.</param>
/// <param name="Parallelism">Tasks running at once (default: all).</param>
/// <param name="Cpus">CPUs requested per task (and threads it runs).</param>
/// <param name="Memory">Memory requested per task (Kubernetes quantity, e.g. 8Gi).</param>
public sealed record KubernetesOptions(string Image, string VolumeClaim, string MountPath = "/data", int? Parallelism = null, int Cpus = 1, string? Memory = null);

using ClusterSim.Engine.Core;
using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Batching;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Workloads;
using ClusterSim.Model.Workloads.Arrivals;
using ClusterSim.Model.Workloads.Sizes;
using ClusterSim.Model.Runs;

namespace ClusterSim.Model.Tests.Serving.Cluster;

/// <summary>Small builders so each serving test states only what matters to it.</summary>
internal static class ServingTestKit
{
    public static ClassSetup PoissonClass(string name, double rate, ISizeDistribution prompt, ISizeDistribution output,
        long count, SloTargets? slo = null)
        => new(name, sim => new SyntheticRequestSource(new PoissonArrivals(rate), prompt, output,
            sim.Random["arrivals/" + name], sim.Random["sizes/" + name], maxCount: count), slo ?? SloTargets.None);

    public static ReplicaConfig Config(int kvBlocks = 100_000, int maxSequences = 256, int maxBatchTokens = 8192,
        ReplicaRole role = ReplicaRole.Both, PreemptionMode preemption = PreemptionMode.Recompute, int prefixBlockTokens = 0)
        => new()
        {
            KvBlocks = kvBlocks,
            KvBytesPerToken = 131_072, // Llama-3.1-8B bf16: 2 x 32 layers x 8 kv heads x 128 x 2 bytes
            MaxSequences = maxSequences,
            MaxBatchTokens = maxBatchTokens,
            Role = role,
            Preemption = preemption,
            PrefixBlockTokens = prefixBlockTokens,
        };

    public static PoolSetup Pool(int replicas, ReplicaConfig config, IIterationTimer timer, string policy = "continuous",
        string name = "pool")
        => new(name, replicas, config with { Pool = name }, timer, () => BatchPolicies.Create(policy));

    public static ServingResult Run(ServingSetup setup)
    {
        return ClusterRun.Execute(setup);
    }
}

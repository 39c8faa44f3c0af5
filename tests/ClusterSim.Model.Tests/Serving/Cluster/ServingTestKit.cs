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

    /// <summary>Fixed step of <see cref="ProbeRun"/>: 10 ms.</summary>
    public const long ProbeStepNs = 10_000_000;

    /// <summary>
    /// Rare one-token probes (250 at 0.2 a second, class index 1) at random on a replica of fixed 10 ms steps that, with
    /// <paramref name="background"/>, decodes one long sequence throughout (class index 0); alone, the probes' class is the
    /// only one. How long a probe waits to be scheduled is then a step's residual and whatever the scheduler adds.
    /// </summary>
    public static ServingResult ProbeRun(ulong seed, ReplicaConfig config, Func<IBatchPolicy> policy, bool background = true)
        => Run(new ServingSetup
        {
            Seed = seed,
            Classes = background
                ?
                [
                    PoissonClass("background", 1000, new ConstantSize(1), new ConstantSize(150_000), 1),
                    PoissonClass("probe", 0.2, new ConstantSize(1), new ConstantSize(1), 250),
                ]
                : [PoissonClass("probe", 0.2, new ConstantSize(1), new ConstantSize(1), 250)],
            Pools = [new PoolSetup("pool", 1, config with { Pool = "pool" }, new LinearIterationTimer(ProbeStepNs), policy)],
        });

    public static ServingResult Run(ServingSetup setup)
    {
        return ClusterRun.Execute(setup);
    }
}

using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Batching;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Requests;
using ClusterSim.Model.Tests.Serving.Cluster;
using ClusterSim.Model.Workloads.Sizes;

namespace ClusterSim.Model.Tests.Contracts;

/// <summary>
/// What every batching policy must do. Derive from it with your policy in <see cref="Create"/>: run on a loaded
/// replica it never puts more sequences in an iteration than the replica allows, nor more tokens than its budget
/// (every prompt here fits the budget), and every request it is given finishes.
/// </summary>
public abstract class BatchPolicyContract
{
    protected const int MaxSequences = 8;
    protected const int MaxBatchTokens = 512;

    protected abstract IEnumerable<Func<IBatchPolicy>> Create();

    /// <summary>True when the policy keeps every iteration within the replica's token budget (iteration-level policies).</summary>
    protected virtual bool RespectsTokenBudget(IBatchPolicy policy) => true;

    private sealed class ShapeRecorder : IReplicaTracer
    {
        public int MostSequences { get; private set; }

        public long MostTokens { get; private set; }

        public long Iterations { get; private set; }

        public void OnIteration(Replica replica, long startNs, long endNs, in BatchShape shape)
        {
            MostSequences = Math.Max(MostSequences, shape.Sequences);
            MostTokens = Math.Max(MostTokens, shape.Tokens);
            Iterations++;
        }

        public void OnPreemption(Replica replica, TextRequest victim, long nowNs)
        {
        }
    }

    private static (ServingResult Result, ShapeRecorder Shapes) Run(Func<IBatchPolicy> policy)
    {
        var setup = new ServingSetup
        {
            Classes = [ServingTestKit.PoissonClass("c", 200, new UniformSize(16, 256), new UniformSize(1, 64), 400)],
            Pools = [new PoolSetup("pool", 1, ServingTestKit.Config(maxSequences: MaxSequences, maxBatchTokens: MaxBatchTokens) with { Pool = "pool" },
                new LinearIterationTimer(2_000_000, perPrefillTokenNs: 10_000, perDecodeSequenceNs: 100_000), policy)],
        };
        var shapes = new ShapeRecorder();
        var result = ClusterSim.Model.Runs.ClusterRun.Execute(setup with { Seed = 1 }, null, ClusterSim.Model.Runs.RunObservers.FromTracer(shapes));
        return (result, shapes);
    }

    [Fact]
    public void Iterations_stay_within_the_sequence_and_token_limits()
    {
        foreach (var policy in Create())
        {
            var sample = policy();
            var name = sample.Name;
            var (_, shapes) = Run(policy);
            Assert.True(shapes.Iterations > 0, $"'{name}' ran no iteration");
            Assert.True(shapes.MostSequences <= MaxSequences, $"'{name}' ran {shapes.MostSequences} sequences, the replica allows {MaxSequences}");
            Assert.True(!RespectsTokenBudget(sample) || shapes.MostTokens <= MaxBatchTokens, $"'{name}' ran {shapes.MostTokens} tokens, the budget is {MaxBatchTokens}");
        }
    }

    [Fact]
    public void Every_request_finishes()
    {
        foreach (var policy in Create())
        {
            var (result, _) = Run(policy);
            Assert.Equal(400, result.Classes[0].Completed);
        }
    }
}

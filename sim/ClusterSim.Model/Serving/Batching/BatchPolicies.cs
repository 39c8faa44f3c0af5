using ClusterSim.Engine.Core;
using ClusterSim.Model.Policies;
using ClusterSim.Scenarios.Policies;

namespace ClusterSim.Model.Serving.Batching;

/// <summary>
/// The batching policies by scenario name: the built-ins (described, with their defaults, in
/// <see cref="PolicyCatalog"/>), registered names, and types implementing <see cref="IBatchPolicy"/> named by their full name.
/// </summary>
public static class BatchPolicies
{
    private static readonly PolicyEntry Continuous = PolicyCatalog.Get(PolicySeam.Batching, "continuous");
    private static readonly PolicyEntry Chunked = PolicyCatalog.Get(PolicySeam.Batching, "chunked_prefill");
    private static readonly PolicyEntry Static = PolicyCatalog.Get(PolicySeam.Batching, "static");
    private static readonly PolicyEntry Dynamic = PolicyCatalog.Get(PolicySeam.Batching, "dynamic");

    /// <summary>The registry behind this class (for contract tests and <c>clustersim catalog</c>).</summary>
    public static PolicyRegistry<IBatchPolicy, IReadOnlyDictionary<string, double>> Registry { get; } = new(PolicySeam.Batching,
        new Dictionary<string, Func<IReadOnlyDictionary<string, double>, IBatchPolicy>>
        {
            ["continuous"] = p => new ContinuousBatchPolicy((int)Continuous.Number(p, "scheduler_steps")),
            ["chunked_prefill"] = p => new ChunkedPrefillBatchPolicy((int)Chunked.Number(p, "token_budget"), (int)Chunked.Number(p, "chunk_cap")),
            ["inflight"] = _ => new InflightBatchPolicy(),
            ["static"] = p => new RequestLevelBatchPolicy("static", (int)Static.Number(p, "max_batch"), SimTime.FromSeconds(Static.Number(p, "timeout"))),
            ["dynamic"] = p => new RequestLevelBatchPolicy("dynamic", (int)Dynamic.Number(p, "max_batch"), SimTime.FromSeconds(Dynamic.Number(p, "max_wait"))),
        });

    public static IReadOnlyCollection<string> Names => Registry.Names;

    public static bool Exists(string name) => Registry.Exists(name);

    public static void Register(string name, Func<IReadOnlyDictionary<string, double>, IBatchPolicy> factory) => Registry.Register(name, factory);

    public static IBatchPolicy Create(string name, IReadOnlyDictionary<string, double>? parameters = null)
        => Registry.Create(name, parameters ?? new Dictionary<string, double>());
}

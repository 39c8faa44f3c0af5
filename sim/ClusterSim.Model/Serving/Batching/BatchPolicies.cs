using ClusterSim.Engine.Core;

namespace ClusterSim.Model.Serving.Batching;

/// <summary>The built-in batching policies by scenario name.</summary>
public static class BatchPolicies
{
    private static readonly Dictionary<string, Func<IReadOnlyDictionary<string, double>, IBatchPolicy>> Factories = new()
    {
        ["continuous"] = _ => new ContinuousBatchPolicy(),
        // Sarathi-Serve and vLLM's chunked prefill use budgets of 512 to 2,048 tokens per iteration.
        ["chunked_prefill"] = p => new ChunkedPrefillBatchPolicy((int)Get(p, "token_budget", 2048)),
        ["static"] = p => new RequestLevelBatchPolicy("static", (int)Get(p, "max_batch", 32), SimTime.FromSeconds(Get(p, "timeout", 1.0))),
        ["dynamic"] = p => new RequestLevelBatchPolicy("dynamic", (int)Get(p, "max_batch", 32), SimTime.FromSeconds(Get(p, "max_wait", 0.01))),
    };

    public static IReadOnlyCollection<string> Names => Factories.Keys;

    public static bool Exists(string name) => Factories.ContainsKey(name);

    public static void Register(string name, Func<IReadOnlyDictionary<string, double>, IBatchPolicy> factory)
        => Factories[name] = factory;

    public static IBatchPolicy Create(string name, IReadOnlyDictionary<string, double>? parameters = null)
        => Factories.TryGetValue(name, out var factory)
            ? factory(parameters ?? new Dictionary<string, double>())
            : throw new ArgumentException($"unknown batching policy '{name}'; expected one of: {string.Join(", ", Factories.Keys)}");

    private static double Get(IReadOnlyDictionary<string, double> p, string key, double fallback)
        => p.TryGetValue(key, out var v) ? v : fallback;
}

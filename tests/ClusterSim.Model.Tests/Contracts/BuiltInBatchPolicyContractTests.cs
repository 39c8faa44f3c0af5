using ClusterSim.Model.Serving.Batching;
using ClusterSim.Scenarios.Policies;

namespace ClusterSim.Model.Tests.Contracts;

/// <summary>Every built-in batching policy of the catalog meets the batch-policy contract (request-level ones with a short timeout).</summary>
public sealed class BuiltInBatchPolicyContractTests : BatchPolicyContract
{
    private static readonly Dictionary<string, double> Parameters = new() { ["token_budget"] = MaxBatchTokens, ["timeout"] = 0.05 };

    protected override IEnumerable<Func<IBatchPolicy>> Create()
        => PolicyCatalog.Of(PolicySeam.Batching).Select(e => (Func<IBatchPolicy>)(() => BatchPolicies.Create(e.Name, Parameters)));

    /// <summary>
    /// Request-level batching (static, dynamic) runs whole prompts in one iteration, as FasterTransformer-era servers
    /// did: it never splits a prompt to fit a token budget, so only the sequence limit binds it.
    /// </summary>
    protected override bool RespectsTokenBudget(IBatchPolicy policy) => policy.Name is not ("static" or "dynamic");

    [Fact]
    public void Every_catalog_policy_is_checked()
        => Assert.Equal(["static", "dynamic", "continuous", "chunked_prefill", "inflight"], Create().Select(p => p().Name));
}

using ClusterSim.Model.Serving.Admission;
using ClusterSim.Scenarios.Policies;

namespace ClusterSim.Model.Tests.Contracts;

/// <summary>Every built-in admission policy of the catalog meets the admission contract (with sample parameters where required).</summary>
public sealed class BuiltInAdmissionContractTests : AdmissionContract
{
    private static readonly Dictionary<string, double> Parameters = new() { ["max_queue"] = 2, ["rate"] = 5, ["burst"] = 3 };

    protected override IEnumerable<IAdmissionPolicy> Create() => PolicyCatalog.Of(PolicySeam.Admission).Select(e => AdmissionPolicies.Create(e.Name, Parameters));

    [Fact]
    public void Every_catalog_policy_is_checked()
        => Assert.Equal(["none", "queue_limit", "token_bucket", "slo_aware"], Create().Select(p => p.Name));

    [Fact]
    public void Queue_limit_refuses_at_the_limit_and_token_bucket_beyond_its_burst()
    {
        var limit = AdmissionPolicies.Create("queue_limit", Parameters);
        var request = new ClusterSim.Model.Serving.Requests.TextRequest(1, 0, 0, 10, 10, null);
        Assert.True(limit.Admit(request, new FakeReplica(0, outstanding: 1, waiting: 1), 0));
        Assert.False(limit.Admit(request, new FakeReplica(0, outstanding: 2, waiting: 2), 0));

        // Burst 3 at 5/s: three at once pass, the fourth waits for 0.2 s of refill.
        var bucket = AdmissionPolicies.Create("token_bucket", Parameters);
        var idle = new FakeReplica(0);
        Assert.Equal([true, true, true, false], Enumerable.Range(0, 4).Select(_ => bucket.Admit(request, idle, 0)));
        Assert.False(bucket.Admit(request, idle, 199_000_000));
        Assert.True(bucket.Admit(request, idle, 250_000_000));
    }
}

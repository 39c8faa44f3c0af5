using ClusterSim.Model.Serving.Routing;
using ClusterSim.Scenarios.Policies;

namespace ClusterSim.Model.Tests.Contracts;

/// <summary>Every built-in router of the catalog meets the router contract.</summary>
public sealed class BuiltInRouterContractTests : RouterContract
{
    protected override IEnumerable<IRouter> Create() => PolicyCatalog.Of(PolicySeam.Routing).Select(e => Routers.Create(e.Name));

    [Fact]
    public void Every_catalog_router_is_checked()
        => Assert.Equal(["round_robin", "random", "least_outstanding", "shortest_queue_tokens", "power_of_two", "prefix_aware", "step_pull"], Create().Select(r => r.Name));
}

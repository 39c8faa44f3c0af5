using ClusterSim.Model.Performance;
using ClusterSim.Model.Serving.Admission;
using ClusterSim.Model.Serving.Batching;
using ClusterSim.Model.Serving.Routing;
using ClusterSim.Model.Serving.Scheduling;
using ClusterSim.Scenarios.Policies;

namespace ClusterSim.Model.Tests.Contracts;

/// <summary>The catalog (in Scenarios) and the registries (here) describe the same seams and names.</summary>
public sealed class PolicyCatalogTests
{
    [Fact]
    public void Each_seam_names_the_interface_a_plug_in_implements()
    {
        Assert.Equal(typeof(IRouter).FullName, PolicyCatalog.SeamInterface(PolicySeam.Routing));
        Assert.Equal(typeof(IBatchPolicy).FullName, PolicyCatalog.SeamInterface(PolicySeam.Batching));
        Assert.Equal(typeof(IQueueDiscipline).FullName, PolicyCatalog.SeamInterface(PolicySeam.Scheduling));
        Assert.Equal(typeof(IAdmissionPolicy).FullName, PolicyCatalog.SeamInterface(PolicySeam.Admission));
        Assert.Equal(typeof(IExecutionModel).FullName, PolicyCatalog.SeamInterface(PolicySeam.ExecutionModel));
        Assert.Null(PolicyCatalog.SeamInterface(PolicySeam.Preemption));
    }

    [Fact]
    public void A_default_written_once_in_the_catalog_reaches_the_built_in()
    {
        var router = (PrefixAwareRouter)Routers.Create("prefix_aware");
        Assert.Equal(PolicyCatalog.Get(PolicySeam.Routing, "prefix_aware").Parameter("load_slack").DefaultNumber, router.LoadSlack);
        Assert.Equal(8, router.LoadSlack);
    }

    [Fact]
    public void A_type_that_does_not_implement_the_seam_is_refused_naming_what_was_expected()
    {
        var error = Assert.Throws<ArgumentException>(() => Routers.Create("System.String"));
        Assert.Contains("does not implement ClusterSim.Model.Serving.Routing.IRouter", error.Message);

        var missing = Assert.Throws<ArgumentException>(() => SchedulingPolicies.Create("My.Missing.Discipline"));
        Assert.Contains("no type 'My.Missing.Discipline'", missing.Message);
        Assert.Contains("IQueueDiscipline", missing.Message);
    }

    [Fact]
    public void Registering_from_many_threads_loses_no_name()
    {
        Parallel.For(0, 64, i => Routers.Register($"test-parallel-{i}", _ => new RoundRobinRouter()));
        Parallel.For(0, 64, i => Assert.True(Routers.Exists($"test-parallel-{i}")));
        Assert.Equal(64, Routers.Names.Count(n => n.StartsWith("test-parallel-", StringComparison.Ordinal)));
    }
}

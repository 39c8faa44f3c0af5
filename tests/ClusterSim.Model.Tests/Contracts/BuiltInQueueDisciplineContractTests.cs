using ClusterSim.Model.Serving.Scheduling;
using ClusterSim.Scenarios.Policies;

namespace ClusterSim.Model.Tests.Contracts;

/// <summary>Every built-in queue discipline of the catalog meets the queue-discipline contract.</summary>
public sealed class BuiltInQueueDisciplineContractTests : QueueDisciplineContract
{
    protected override IEnumerable<IQueueDiscipline> Create() => PolicyCatalog.Of(PolicySeam.Scheduling).Select(e => SchedulingPolicies.Create(e.Name).Discipline);

    [Fact]
    public void Every_catalog_discipline_is_checked()
        => Assert.Equal(["fcfs", "priority", "shortest_first", "edf", "fair"], Create().Select(d => d.Name));
}

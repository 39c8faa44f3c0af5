using ClusterSim.Engine.Core;

namespace ClusterSim.Engine.Tests.Core;

public sealed class SequenceGuardTests
{
    [Fact]
    public void The_last_sequence_number_is_used_then_the_next_entry_is_refused()
    {
        var sim = new Simulation();
        sim.NextSequence = Simulation.MaxSequence;
        sim.Timeout(1); // takes the last number

        var e = Assert.Throws<InvalidOperationException>(() => sim.Timeout(1));
        Assert.Contains("first-in first-out", e.Message);
    }

    [Fact]
    public void Entries_near_the_top_of_the_sequence_still_run_first_in_first_out()
    {
        var sim = new Simulation();
        sim.NextSequence = Simulation.MaxSequence - 10;
        var order = new List<int>();
        for (var i = 0; i < 10; i++)
        {
            var id = i;
            sim.Timeout(5).AddCallback(_ => order.Add(id));
        }

        sim.Run();

        Assert.Equal(Enumerable.Range(0, 10), order);
    }
}

using System.Text;
using ClusterSim.Analysis.Fleets;
using ClusterSim.Analysis.Sweeps;

namespace ClusterSim.Analysis.Tests.Fleets;

/// <summary>A damaged or foreign fleet shard is refused as a fleet shard, naming the file and the bad value's place.</summary>
public sealed class FleetShardFileTests
{
    private const string Name = "shard-0003.json";

    [Fact]
    public void A_file_that_is_not_json_is_refused_as_a_fleet_shard()
    {
        var ex = Assert.Throws<SweepInputException>(() => FleetShardJson.Read(Encoding.UTF8.GetBytes("{ not json"), Name));
        Assert.StartsWith($"{Name}: not a valid fleet shard file (", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shard_of_another_format_names_both_formats()
    {
        var ex = Assert.Throws<SweepInputException>(() => FleetShardJson.Read(Encoding.UTF8.GetBytes("""{"format": "clustersim-fleet-shard/1"}"""), Name));
        Assert.Equal(
            $"{Name}: not a fleet shard file of this ClusterSim version (format 'clustersim-fleet-shard/1', expected '{FleetShardJson.Format}'); run its shards again with this version",
            ex.Message);
    }

    [Fact]
    public void A_damaged_value_is_named_by_its_path_in_a_fleet_shard()
    {
        var json = $$"""{"format": "{{FleetShardJson.Format}}", "clusters": 7}""";
        var ex = Assert.Throws<SweepInputException>(() => FleetShardJson.Read(Encoding.UTF8.GetBytes(json), Name));
        Assert.StartsWith($"{Name}: not a valid fleet shard file: ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sweep", ex.Message, StringComparison.Ordinal);
    }
}

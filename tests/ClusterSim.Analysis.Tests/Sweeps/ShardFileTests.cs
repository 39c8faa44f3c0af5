using System.Text;
using System.Text.Json.Nodes;
using ClusterSim.Analysis.Sweeps;

namespace ClusterSim.Analysis.Tests.Sweeps;

/// <summary>
/// Reading damaged or foreign shard files: each is refused with a <see cref="SweepInputException"/>
/// naming the file and the JSON path of the bad value, never a crash or a silent merge. The shard is
/// built by hand (two points, one replication, one class), so no simulation runs.
/// </summary>
public sealed class ShardFileTests
{
    private const string ShardName = "shard-0-of-1.json";

    private static JsonObject ValidShard()
    {
        var header = new SweepHeader(
            "hand", "f00d", [], [new SweepParameter("workloads.chat.arrival.rate", ["2", "4"])], 2, 0.95, 2, "rent",
            SweepMetrics.Names);
        var points = Enumerable.Range(0, 2).Select(i => new PointResult(
            new PointInfo(i, [i == 0 ? "2" : "4"], 1, 4, 8, 8, "own", [new ClassInfo("chat", 0.5, null, null, 99)]),
            [.. Enumerable.Range(0, 2).Select(k => new ReplicationResult((ulong)(1 + k), [Row(i + k), Row(i + k)]))])).ToList();
        var bytes = SweepResultJson.Write(new SweepResult(header, points, new ShardSpec(0, 1)));
        return JsonNode.Parse(bytes)!.AsObject();
    }

    private static double[] Row(int salt) => [.. SweepMetrics.Names.Select((_, m) => m == 0 ? double.NaN : salt + m)];

    private static SweepInputException Refused(JsonObject shard)
        => Assert.Throws<SweepInputException>(() => SweepResultJson.Read(Encoding.UTF8.GetBytes(shard.ToJsonString()), ShardName));

    [Fact]
    public void A_hand_built_shard_reads_back_with_its_figures_nan_included()
    {
        // The baseline the damaged copies below start from must itself be accepted.
        var result = SweepResultJson.Read(Encoding.UTF8.GetBytes(ValidShard().ToJsonString()), ShardName);
        Assert.Equal(new ShardSpec(0, 1), result.Shard);
        Assert.Equal(2, result.PointCount);
        Assert.True(double.IsNaN(result.Points[1].Runs[1].Values[0][0]));
        Assert.Equal(2 + 1, result.Points[1].Runs[1].Values[0][1]);
    }

    [Fact]
    public void A_shard_count_of_zero_is_refused_rather_than_dividing_by_zero_at_merge()
    {
        var shard = ValidShard();
        shard["shard"]!["count"] = 0;
        var ex = Refused(shard);
        Assert.Equal($"{ShardName}: shard: the shard count N must be at least 1", Assert.Single(ex.Errors));

        shard["shard"]!["count"] = 1;
        shard["shard"]!["index"] = -1;
        Assert.Contains("shard index must be 0 or more", Assert.Single(Refused(shard).Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_scenario_or_class_name_is_refused_with_its_path()
    {
        var shard = ValidShard();
        shard["scenario"] = null;
        Assert.Equal($"{ShardName}: not a valid sweep shard file: scenario: expected a string, got null", Assert.Single(Refused(shard).Errors));

        shard = ValidShard();
        shard["points"]![1]!["classes"]![0]!["name"] = null;
        Assert.Equal($"{ShardName}: not a valid sweep shard file: points[1].classes[0].name: expected a string, got null", Assert.Single(Refused(shard).Errors));
    }

    [Fact]
    public void A_missing_key_is_named_with_the_path_of_the_object_that_lacks_it()
    {
        var shard = ValidShard();
        shard["points"]![1]!["runs"]![1]!.AsObject().Remove("seed");
        Assert.Equal($"{ShardName}: not a valid sweep shard file: points[1].runs[1]: missing 'seed'", Assert.Single(Refused(shard).Errors));

        shard = ValidShard();
        shard.Remove("fingerprint");
        Assert.Equal($"{ShardName}: not a valid sweep shard file: missing 'fingerprint'", Assert.Single(Refused(shard).Errors));

        shard = ValidShard();
        shard["points"]![0]!["runs"]![0]!["values"]![1]![3] = "fast";
        Assert.Equal($"{ShardName}: not a valid sweep shard file: points[0].runs[0].values[1][3]: expected a number or null, got a string", Assert.Single(Refused(shard).Errors));
    }

    [Fact]
    public void A_shard_whose_metric_list_differs_from_this_versions_is_refused_not_read_by_position()
    {
        // Figures are stored by position: a file with another metric list (older or newer
        // ClusterSim) would put its numbers in the wrong columns if merged.
        var shard = ValidShard();
        var metrics = shard["metrics"]!.AsArray();
        var last = metrics[^1]!.GetValue<string>();
        metrics.RemoveAt(metrics.Count - 1);
        metrics.Insert(0, last);
        var error = Assert.Single(Refused(shard).Errors);
        Assert.StartsWith($"{ShardName}: its metrics (cost_per_mtok_usd, ttft_mean_s,", error, StringComparison.Ordinal);
        Assert.EndsWith("run its shards again with this version", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shard_of_an_older_format_is_refused_since_its_rates_or_costs_were_computed_otherwise()
    {
        // Format 1 counted the drain in its rates; format 2 priced every point at the catalog rent before
        // the run instead of taking each run's own cost (issue 15).
        Assert.Equal("clustersim-sweep-shard/3", SweepResultJson.Format);
        foreach (var old in new[] { "clustersim-sweep-shard/1", "clustersim-sweep-shard/2" })
        {
            var shard = ValidShard();
            shard["format"] = old;
            var error = Assert.Single(Refused(shard).Errors);
            Assert.Equal($"{ShardName}: not a sweep shard file of this ClusterSim version (format '{old}', expected 'clustersim-sweep-shard/3'); run its shards again with this version", error);
        }
    }

    [Fact]
    public void Text_that_is_not_json_is_refused_as_an_invalid_shard_file()
    {
        var ex = Assert.Throws<SweepInputException>(() => SweepResultJson.Read("{\"format\":"u8.ToArray(), ShardName));
        Assert.StartsWith($"{ShardName}: not a valid sweep shard file (", Assert.Single(ex.Errors), StringComparison.Ordinal);
    }
}

using System.Globalization;
using ClusterSim.Analysis.Fleets;
using ClusterSim.Analysis.Sweeps;
using ClusterSim.Model.Metrics;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Fleets;

namespace ClusterSim.Analysis.Tests.Fleets;

public sealed class FleetMergeTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "clustersim-fleet-" + Guid.NewGuid().ToString("N"));

    private static string SmallFleet => Path.Combine(Root(), "scenarios", "fleets", "small-8.yaml");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void Fleet_and_sweep_merges_are_the_same_bytes_for_1_3_and_8_shards()
    {
        var fleet = Fleet.Prepare(SmallFleet);
        var sweep = Sweep.Prepare(null, ["run.duration=4s", "workloads.chat.arrival.rate=2,4,6,8,10,12,14,16"], replications: 1);
        var whole = Path.Combine(_folder, "whole");
        Fleet.Run(fleet).WriteOutputs(whole);
        Sweep.Run(sweep).WriteOutputs(Path.Combine(whole, "sweep"));
        foreach (var n in new[] { 1, 3, 8 })
        {
            var shards = Path.Combine(_folder, n.ToString(CultureInfo.InvariantCulture));
            for (var i = 0; i < n; i++)
            {
                Fleet.Run(fleet, new ShardSpec(i, n)).WriteShard(shards);
                Sweep.Run(sweep, new ShardSpec(i, n)).WriteShard(shards);
            }

            var merged = Path.Combine(shards, "merged");
            FleetShards.Merge(FleetShards.Find([shards])).WriteOutputs(merged);
            SweepShards.Merge(SweepShards.Find([shards])).WriteOutputs(Path.Combine(merged, "sweep"));
            foreach (var file in new[] { "fleet.json", "sites.csv", "clusters.csv", "sweep/sweep.csv", "sweep/sweep.json", "sweep/runs.csv" })
            {
                Assert.True(File.ReadAllBytes(Path.Combine(whole, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(merged, file))), $"{file} differs with {n} shard(s)");
            }
        }
    }

    [Fact]
    public void Fleet_percentiles_are_those_of_every_request_of_every_cluster_run_on_its_own()
    {
        var plan = Fleet.Prepare(SmallFleet);
        Fleet.Run(plan).WriteOutputs(_folder);

        // Independent truth: each cluster loaded from its scenario with the overrides the fleet file
        // implies, run directly, and every request's TTFT pooled in one histogram.
        var spec = FleetLoader.Load(SmallFleet);
        var pooled = new LatencyHistogram();
        long arrived = 0;
        foreach (var c in spec.Clusters)
        {
            var r = ClusterRun.Execute(ScenarioCompiler.Compile(ScenarioLoader.Load(c.ScenarioPath, c.Sets)));
            pooled.Merge(r.Overall.Ttft);
            arrived += r.Overall.Arrived;
        }

        var total = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_folder, "fleet.json"))).RootElement.GetProperty("total");
        Assert.Equal(arrived, total.GetProperty("arrived").GetInt64());
        Assert.Equal(pooled.ValueAtPercentile(99) / 1e9, total.GetProperty("ttft_p99_s").GetDouble());
        Assert.Equal(pooled.ValueAtPercentile(50) / 1e9, total.GetProperty("ttft_p50_s").GetDouble());
        Assert.Equal(8, total.GetProperty("clusters").GetInt32());
    }

    [Fact]
    public void Front_door_shifts_each_site_peak_by_its_utc_offset_and_splits_the_rate_by_share()
    {
        var spec = FleetLoader.Load(SmallFleet);
        Assert.Equal(8, spec.Clusters.Count);
        Assert.Equal(64, spec.Clusters.Sum(c => c.Rate), 9);

        // us-east share 3 of 3*2+3*2+2*3+1*1 = 19 per cluster; 14:00 at UTC-5 is 19:00 UTC.
        var east = spec.Clusters[0];
        Assert.Equal("us-east-0", east.Name);
        Assert.Equal(64.0 * 3 / 19, east.Rate, 12);
        Assert.Contains(east.Sets, s => s.StartsWith("workloads.chat.arrival={kind: diurnal", StringComparison.Ordinal) && s.EndsWith("peak_at: 68400}", StringComparison.Ordinal));

        // ap-east at UTC+8: 14:00 local is 06:00 UTC.
        Assert.EndsWith("peak_at: 21600}", spec.Clusters.Single(c => c.Name == "ap-east-2").Sets[^2]);
        Assert.Equal(["run.seed=11", "run.seed=12"], spec.Clusters.Take(2).Select(c => c.Sets[^1]));
    }

    [Fact]
    public void The_global_fleet_file_is_a_day_of_a_billion_requests_on_100_000_accelerators()
    {
        // The fleet: 100 clusters of 1,000 accelerators over a simulated day, about 1e9 requests, in one file.
        var path = Path.Combine(Path.GetDirectoryName(SmallFleet)!, "global-100.yaml");
        var spec = FleetLoader.Load(path);
        Assert.Equal(100, spec.Clusters.Count);
        Assert.Equal(100, spec.Clusters.Select(c => c.Site + "/" + c.Name).Distinct().Count());

        // Every cluster takes the same mean rate (share 1 each); the day's requests are the mean rate x 86,400 s.
        Assert.All(spec.Clusters, c => Assert.Equal(11_574 / 100.0, c.Rate, 9));
        Assert.InRange(spec.Clusters.Sum(c => c.Rate) * 86_400, 0.99e9, 1.01e9);

        // Each cluster is the 1,000-accelerator site scenario run for a day.
        var site = ScenarioLoader.Load(spec.Clusters[0].ScenarioPath, spec.Clusters[0].Sets);
        var node = Assert.Single(site.Hardware.Nodes);
        Assert.Equal(1_000, node.Count * node.PerNode);
        Assert.Equal(86_400.0, site.Run.DurationSeconds!.Value, 6);
    }

    [Fact]
    public void A_bad_fleet_file_is_refused_with_every_error_located()
    {
        var path = Path.Combine(_folder, "bad.yaml");
        Directory.CreateDirectory(_folder);
        File.WriteAllText(path, "name: x\nfront_door: {workload: chat, mean_rate: -1, split: sometimes}\nsites:\n  eu: {scenario: nowhere.yaml, clusterz: 2}\n");
        var ex = Assert.Throws<ScenarioException>(() => FleetLoader.Load(path));
        var messages = ex.Errors.Select(e => e.ToString()).ToList();
        Assert.Contains(messages, m => m.StartsWith($"{path}:2:", StringComparison.Ordinal) && m.Contains("-1", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith($"{path}:2:", StringComparison.Ordinal) && m.Contains("'sometimes' is not a split", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith($"{path}:4:", StringComparison.Ordinal) && m.Contains("nowhere.yaml' not found", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith($"{path}:4:", StringComparison.Ordinal) && m.Contains("did you mean 'clusters'", StringComparison.Ordinal));
    }

    [Fact]
    public void Merge_names_the_missing_fleet_shard()
    {
        var plan = Fleet.Prepare(SmallFleet);
        Fleet.Run(plan, new ShardSpec(0, 3)).WriteShard(_folder);
        Fleet.Run(plan, new ShardSpec(2, 3)).WriteShard(_folder);
        var ex = Assert.Throws<SweepInputException>(() => FleetShards.Merge(FleetShards.Find([_folder])));
        Assert.Equal("shard 1/3 is missing (fleet-shard-1-of-3.json)", ex.Errors[0]);
    }

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ClusterSim.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ClusterSim.sln not found");
    }
}

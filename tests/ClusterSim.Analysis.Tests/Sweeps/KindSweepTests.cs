using ClusterSim.Analysis.Sweeps;
using ClusterSim.Analysis.Tests.Charts;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Tests.Sweeps;

/// <summary>
/// A sweep over a video class's rate: the class has its own rows (before, a video farm's sweep gave only an empty
/// overall row and empty first-token charts), each the figures of its run's summary.json section, its shards merge
/// into the same table, and it is charted end to end against load.
/// </summary>
public sealed class KindSweepTests : IDisposable
{
    private static readonly string VideoFarm = Path.Combine(SmallRun.RepoRoot, "scenarios", "video-farm.yaml");

    private static readonly string[] Sets = ["run.duration=3h", "workloads[text-to-video].arrival.rate=0.01,0.015,0.02"];

    private readonly string _dir = Directory.CreateTempSubdirectory("clustersim-kind-sweep-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Each_video_row_holds_its_runs_figures_and_the_sweep_charts_them_end_to_end()
    {
        var plan = Sweep.Prepare(VideoFarm, Sets, replications: 1);
        var result = Sweep.Run(plan, parallelism: 2);
        var files = result.WriteOutputs(_dir).Select(Path.GetFileName).ToList();

        Assert.Contains("p99-e2e-vs-load.svg", files);
        Assert.DoesNotContain("p99-ttft-vs-load.svg", files); // nothing makes a first token here
        var e2e = SweepMetrics.IndexOf("e2e_p99_s");
        foreach (var point in result.Points)
        {
            // The same run alone (the sweep's seed, the point's rate) gives the row its figures.
            var rate = point.Info.Values[0];
            var scenario = ScenarioLoader.Load(VideoFarm, ["run.duration=3h", $"workloads[text-to-video].arrival.rate={rate}"]);
            var run = IScenarioRunner.Simulation.Run(scenario, point.Info.BaseSeed);
            var cls = run.Kinds.Single(k => k.Kind == "video").Classes.Single();
            var row = point.Runs[0].Values[0];

            Assert.Equal("text-to-video", point.Info.Classes[0].Name);
            Assert.Equal("video", point.Info.Classes[0].Kind);
            Assert.Equal(900, point.Info.Classes[0].E2eSeconds);
            Assert.Equal(cls.TimeInSystem!.P99, row[e2e]);
            Assert.Equal(cls.TimeInSystem!.Mean, row[SweepMetrics.IndexOf("e2e_mean_s")]);
            Assert.Equal(cls.Arrived / point.Info.ArrivalWindowSeconds!.Value, row[SweepMetrics.IndexOf("offered_rps")], 12);
            Assert.Equal(cls.SloAttainment, row[SweepMetrics.IndexOf("slo_attainment")]);
            Assert.Equal(cls.ServedPerSecond * cls.SloAttainment, row[SweepMetrics.IndexOf("goodput_rps")], 12);
            Assert.True(double.IsNaN(row[SweepMetrics.IndexOf("ttft_p99_s")]), "a video has no first token");
        }

        // Past the farm's capacity (about 0.017 clips a second at its deadline) the tail grows: the last point's p99 is the largest.
        var p99 = result.Points.Select(p => p.Runs[0].Values[0][e2e]).ToList();
        Assert.Equal(p99.Max(), p99[^1]);
    }

    [Fact]
    public void Shards_of_a_video_sweep_merge_into_the_whole_sweeps_table()
    {
        var plan = Sweep.Prepare(VideoFarm, Sets, replications: 1);
        var whole = Sweep.Run(plan, parallelism: 2);
        var shards = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var folder = Path.Combine(_dir, $"shard{i}");
            shards.Add(Sweep.Run(plan, new ShardSpec(i, 2), parallelism: 1).WriteShard(folder));
        }

        var merged = SweepShards.Merge(shards);
        Assert.Equal(
            File.ReadAllText(whole.WriteOutputs(Path.Combine(_dir, "whole")).Single(f => f.EndsWith("sweep.csv", StringComparison.Ordinal))),
            File.ReadAllText(merged.WriteOutputs(Path.Combine(_dir, "merged")).Single(f => f.EndsWith("sweep.csv", StringComparison.Ordinal))));
        Assert.All(merged.Points, p => Assert.Equal("video", p.Info.Classes[0].Kind));
    }
}

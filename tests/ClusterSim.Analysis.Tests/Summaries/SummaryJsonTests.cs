using System.Text.Json;
using ClusterSim.Analysis.Summaries;
using ClusterSim.Model.Setup;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Engine.Core;
using ClusterSim.Scenarios;
using ClusterSim.Model.Runs;

namespace ClusterSim.Analysis.Tests.Summaries;

public sealed class SummaryJsonTests
{
    private static string RunDefault(ulong seed)
    {
        var compiled = ScenarioCompiler.Compile(ScenarioLoader.LoadDefault(["run.duration=20s"]), seed);
        var result = ClusterRun.Execute(compiled);
        return SummaryJson.Write(result, includeWallClock: false);
    }

    [Fact]
    public void Summary_has_every_key_the_issue_names_and_conserves_requests()
    {
        using var doc = JsonDocument.Parse(RunDefault(1));
        var root = doc.RootElement;
        foreach (var key in new[] { "scenario", "seed", "simulated_seconds", "classes", "overall", "utilization", "engine" })
        {
            Assert.True(root.TryGetProperty(key, out _), key);
        }

        var chat = root.GetProperty("classes").GetProperty("chat");
        foreach (var key in new[] { "arrived", "completed", "dropped", "in_flight", "ttft_s", "tbt_s", "tpot_s", "e2e_s", "queue_s", "slo_attainment", "goodput_rps", "throughput_rps", "output_tokens_per_s" })
        {
            Assert.True(chat.TryGetProperty(key, out _), key);
        }

        foreach (var p in new[] { "mean", "p50", "p90", "p95", "p99", "p999" })
        {
            Assert.True(chat.GetProperty("ttft_s").TryGetProperty(p, out _), p);
        }

        Assert.Equal(chat.GetProperty("arrived").GetInt64(),
            chat.GetProperty("completed").GetInt64() + chat.GetProperty("dropped").GetInt64() + chat.GetProperty("in_flight").GetInt64());
        Assert.True(root.GetProperty("utilization").GetProperty("accelerator_mean").GetDouble() > 0);
        Assert.True(root.GetProperty("engine").GetProperty("events").GetInt64() > 0);
    }

    [Fact]
    public void The_same_scenario_and_seed_give_byte_identical_summaries_and_another_seed_does_not()
    {
        Assert.Equal(RunDefault(7), RunDefault(7));
        Assert.NotEqual(RunDefault(7), RunDefault(8));
    }
}

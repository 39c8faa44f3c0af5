using ClusterSim.Analysis.Summaries;
using ClusterSim.Analysis.Tests.Charts;

namespace ClusterSim.Analysis.Tests.Summaries;

/// <summary>
/// Pins the whole summary of a fixed-seed scenario byte for byte, so any change in what a run
/// computes shows up here. After a deliberate change to the model, regenerate the expected file
/// from the repository root and review the diff before committing it:
/// <code>
/// dotnet run --project sim/ClusterSim.Cli -- run tests/ClusterSim.Analysis.Tests/Summaries/Golden/small-chat.yaml \
///     --stable --no-requests --no-charts --no-report --quiet --out /tmp/golden \
///   &amp;&amp; cp /tmp/golden/summary.json tests/ClusterSim.Analysis.Tests/Summaries/Golden/small-chat.summary.json
/// </code>
/// </summary>
public sealed class GoldenSummaryTests
{
    private static string Golden(string file) => Path.Combine(SmallRun.RepoRoot, "tests", "ClusterSim.Analysis.Tests", "Summaries", "Golden", file);

    [Fact]
    public void Summary_of_the_fixed_seed_small_chat_scenario_matches_the_committed_golden_file_byte_for_byte()
    {
        var (_, _, result) = SmallRun.Run(file: Golden("small-chat.yaml"));
        var actual = SummaryJson.Write(result, includeWallClock: false);
        var expected = File.ReadAllText(Golden("small-chat.summary.json"));
        if (actual != expected)
        {
            // Leave the new summary beside the test output so the diff can be read.
            var path = Path.Combine(Path.GetTempPath(), "small-chat.summary.actual.json");
            File.WriteAllText(path, actual);
            Assert.Fail($"summary differs from the golden file; the actual one is in {path} (see the class comment to regenerate)");
        }
    }

    [Fact]
    public void Golden_file_is_a_plausible_run_not_an_empty_one()
    {
        // Guards the golden file itself: two classes served, requests conserved, latencies measured.
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Golden("small-chat.summary.json")));
        var classes = doc.RootElement.GetProperty("classes");
        foreach (var name in new[] { "chat", "summarize" })
        {
            var c = classes.GetProperty(name);
            Assert.True(c.GetProperty("completed").GetInt64() > 10);
            Assert.Equal(c.GetProperty("arrived").GetInt64(), c.GetProperty("completed").GetInt64() + c.GetProperty("dropped").GetInt64() + c.GetProperty("in_flight").GetInt64());
            Assert.True(c.GetProperty("ttft_s").GetProperty("p99").GetDouble() > 0);
        }

        Assert.False(doc.RootElement.GetProperty("engine").TryGetProperty("wall_seconds", out _));

        // Rates are over the measured window, the scenario's 5 s duration (not the 14 s the run
        // took to drain): throughput times 5 s is then a whole number of completions.
        Assert.Equal(5, doc.RootElement.GetProperty("measured_seconds").GetDouble());
        foreach (var row in classes.EnumerateObject().Select(c => (c.Name, c.Value)).Append((Name: "overall", Value: doc.RootElement.GetProperty("overall"))))
        {
            var completions = row.Value.GetProperty("throughput_rps").GetDouble() * 5;
            Assert.True(Math.Abs(completions - Math.Round(completions)) < 1e-9, $"{row.Name}: throughput x 5 s = {completions}, not a whole number of completions");
            Assert.True(completions > 5, row.Name);
        }
    }
}

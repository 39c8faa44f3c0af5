using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ClusterSim.Cli.Tests.Explore;

/// <summary>`clustersim explore` as a user runs it: bad --vary arguments exit 2 with the argument located, a small grid writes explore.html.</summary>
public sealed partial class ExploreCommandTests : IDisposable
{
    private static readonly string Lesson = Path.Combine(CliRunner.RepositoryRoot, "scenarios", "lessons", "01-batching.yaml");

    private readonly string _folder = Directory.CreateTempSubdirectory("clustersim-explore-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Out => Path.Combine(_folder, "explore");

    [Fact]
    public void A_misspelt_vary_path_exits_2_with_the_place_in_the_argument_and_a_suggestion()
    {
        var (code, output, error) = CliRunner.Run("explore", Lesson, "--vary", "workloads.chat.arival.rate=1,2", "--out", Out);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal("--vary workloads.chat.arival.rate=1,2:1:16: unknown key 'arival' in 'workloads.chat'; did you mean 'arrival'?\n", error);
        CliRunner.NoStackTrace(error);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public void A_vary_with_a_single_value_exits_2_and_says_that_is_a_set()
    {
        var (code, output, error) = CliRunner.Run("explore", Lesson, "--vary", "workloads.chat.arrival.rate=4", "--out", Out);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal("--vary workloads.chat.arrival.rate=4:1:29: give two or more values separated by commas (one value is a plain --set)\n", error);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public void A_vary_without_an_equals_sign_exits_2_with_the_argument()
    {
        var (code, output, error) = CliRunner.Run("explore", Lesson, "--vary", "workloads.chat.arrival.rate", "--out", Out);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("--vary workloads.chat.arrival.rate:1:1: ", error);
        Assert.Contains("PATH=", error);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        CliRunner.NoStackTrace(error);
    }

    [Fact]
    public void Explore_without_vary_is_a_usage_error()
    {
        var (code, _, error) = CliRunner.Run("explore", Lesson, "--out", Out);
        Assert.Equal(2, code);
        Assert.Contains("--vary", error);
    }

    [Fact]
    public void A_small_grid_writes_explore_html_whose_figures_are_those_of_plain_runs()
    {
        var (code, output, error) = CliRunner.Run("explore", Lesson, "--vary", "workloads.chat.arrival.rate=2,4", "--set", "run.duration=3s",
            "--window", "0.5", "--parallel", "2", "--out", Out, "--quiet");
        Assert.True(code == 0, error);
        Assert.Equal("", error);
        var page = Path.Combine(Out, "explore.html");
        Assert.Equal($"explore 'lesson-01-batching': 2 point(s) on 2 thread(s)\nwrote {page}\n", output);

        // Independent truth: each point run on its own with `clustersim run`, read back from its summary.json.
        var data = JsonNode.Parse(DataElement().Match(File.ReadAllText(page)).Groups[1].Value)!;
        var figures = data["figures"]!.AsArray().Select(f => (string)f!).ToList();
        var points = data["points"]!.AsArray();
        Assert.Equal(2, points.Count);
        foreach (var (rate, i) in new[] { ("2", 0), ("4", 1) })
        {
            var run = Path.Combine(_folder, "run-" + rate);
            var direct = CliRunner.Run("run", Lesson, "--set", "run.duration=3s", "--set", "workloads.chat.arrival.rate=" + rate,
                "--out", run, "--quiet", "--no-charts", "--no-report", "--no-requests");
            Assert.True(direct.Code == 0, direct.Err);
            using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "summary.json")));
            var overall = summary.RootElement.GetProperty("overall");
            var f = points[i]!["f"]!.AsArray();
            Assert.Equal(overall.GetProperty("ttft_s").GetProperty("p99").GetDouble(), (double)f[figures.IndexOf("ttft_p99_s")]!, 3);
            Assert.Equal(overall.GetProperty("throughput_rps").GetDouble(), (double)f[figures.IndexOf("throughput_rps")]!, 3);
        }
    }

    [GeneratedRegex("<script id=\"data\" type=\"application/json\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex DataElement();
}

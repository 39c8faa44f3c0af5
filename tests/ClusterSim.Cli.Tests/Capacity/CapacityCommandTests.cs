using System.Globalization;
using System.Text.Json;

namespace ClusterSim.Cli.Tests.Capacity;

/// <summary>capacity as a user runs it: exit codes, messages, capacity.json and charts on disk, equal bytes for equal searches.</summary>
public sealed class CapacityCommandTests : IDisposable
{
    /// <summary>The default scenario, short: a search takes about a second.</summary>
    private static readonly string[] Short = ["capacity", "--set", "run.duration=5s", "--set", "run.warmup=1s", "--replications", "2"];

    private readonly string _folder = Directory.CreateTempSubdirectory("clustersim-capacity-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Capacity_prints_the_answer_and_writes_capacity_json_and_a_chart_per_slo()
    {
        var dir = Path.Combine(_folder, "a");
        var (code, output, error) = CliRunner.Run([.. Short, "--slo", "ttft_p99=1s", "--slo", "tpot_p99=50ms", "--stable", "--out", dir]);
        Assert.Equal("", error);
        Assert.Equal(0, code);
        Assert.Contains("capacity: ", output);
        Assert.Contains("requests/s, the highest rate run that meets every SLO", output);
        Assert.Matches(@"requests/s does not: (ttft|tpot)_p99_s = [0-9.e+-]+ \(target <= ", output); // the SLO that sets the capacity
        Assert.Contains("running_sequences_per_replica", output);
        Assert.Contains($"wrote {Path.Combine(dir, "capacity.json")} and 4 chart file(s)", output);
        string[] expected = ["capacity.json", "tpot-p99-vs-rate.png", "tpot-p99-vs-rate.svg", "ttft-p99-vs-rate.png", "ttft-p99-vs-rate.svg"];
        Assert.Equal(expected, Directory.GetFiles(dir).Select(f => Path.GetFileName(f)).Order().ToArray());

        var json = File.ReadAllText(Path.Combine(dir, "capacity.json"));
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal("found", root.GetProperty("outcome").GetString());
        var capacity = root.GetProperty("capacity_rps").GetDouble();
        Assert.True(capacity > 0);
        Assert.Equal(capacity, root.GetProperty("operating_point").GetProperty("rate_rps").GetDouble());
        Assert.True(root.GetProperty("operating_point").GetProperty("figures").GetProperty("running_sequences_per_replica").GetProperty("mean").GetDouble() > 0);
        Assert.Equal(2, root.GetProperty("per_replication").GetArrayLength());
        Assert.DoesNotContain("wall", json);

        // Where the busy time went at the capacity: every part of the step model and the swap-in, adding up to 1.
        var shares = root.GetProperty("operating_point").GetProperty("busy_time_shares").EnumerateObject().ToList();
        Assert.Equal(11, shares.Count);
        Assert.Equal(1, shares.Sum(p => p.Value.GetDouble()), 9);
        Assert.True(shares.Single(p => p.Name == "weight_stream").Value.GetDouble() > 0);
        Assert.Contains("busy time there: ", output);

        // Beside the answer, how its kind of deployment read against the published checks (the run's validation note).
        var validation = Assert.Single(root.GetProperty("validation").EnumerateArray());
        var note = validation.GetProperty("note").GetString()!;
        Assert.Contains(note, output);
        Assert.Matches(@"^deployment '[^']+': (checked against published measurements of|no published measurement of)", note);
        Assert.Equal("scenarios/catalog/validation-record.csv", validation.GetProperty("record").GetString());
        Assert.True(validation.GetProperty("groups").GetArrayLength() > 0, "the default scenario's dense deployment falls in some checked group");

        // The same search with one thread instead of one per core: the same bytes.
        var again = Path.Combine(_folder, "b");
        Assert.Equal(0, CliRunner.Run([.. Short, "--slo", "ttft_p99=1s", "--slo", "tpot_p99=50ms", "--stable", "--parallel", "1", "--out", again]).Code);
        Assert.Equal(json, File.ReadAllText(Path.Combine(again, "capacity.json")));
    }

    [Fact]
    public void Record_error_searches_again_at_the_steps_the_records_capacity_misses_give()
    {
        // The default scenario's deployment (vLLM on H100s, dense) falls in a checked group; its capacity errors, read
        // here from the shipped CSV file itself, set the step scales: 1 + the largest error, then 1 + the smallest.
        var errors = new List<double>();
        foreach (var line in File.ReadLines(Path.Combine(CliRunner.RepositoryRoot, "scenarios", "catalog", "validation-record.csv")).Skip(1))
        {
            var tail = line.Split(',')[^9..];
            if (tail[0] == "check" && tail[1] == "h100-sxm" && tail[2] == "vllm" && tail[3] == "dense" && tail[5] == "capacity" && tail[8].Length > 0)
            {
                errors.Add(double.Parse(tail[8], CultureInfo.InvariantCulture));
            }
        }

        Assert.NotEmpty(errors);
        var expected = errors.Max() == errors.Min() ? new[] { 1 + errors.Max() } : [1 + errors.Max(), 1 + errors.Min()];
        var (code, output, error) = CliRunner.Run([.. Short, "--slo", "ttft_p99=1s", "--record-error", "--stable", "--out", _folder]);
        Assert.Equal("", error);
        Assert.Equal(0, code);
        Assert.Contains("with the published checks of its kind (--record-error:", output);
        Assert.Contains("deployment 'llama-8b': h100-sxm, vllm, dense, capacity", output);

        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "capacity.json")));
        var band = doc.RootElement.GetProperty("step_error");
        Assert.Equal("record", band.GetProperty("source").GetString());
        Assert.Equal(expected, band.GetProperty("searches").EnumerateArray().Select(x => x.GetProperty("step_scale").GetDouble()).ToArray());
    }

    [Theory]
    [InlineData(new[] { "--slo", "ttft_p99=1s", "--step-error", "0.1", "--record-error" }, "--step-error and --record-error both scale the steps: give one of them", "")]
    [InlineData(new[] { "--slo", "ttft_p98=1s" }, "--slo ttft_p98=1s: unknown objective 'ttft_p98'", "did you mean 'ttft_p99'?")]
    [InlineData(new[] { "--slo", "ttft_p99=1s", "--class", "chta" }, "--class chta: no workload 'chta' in the scenario", "did you mean 'chat'?")]
    [InlineData(new[] { "--slo", "ttft_p99=1s", "--tolerance", "2" }, "--tolerance 2: expected a relative width strictly between 0 and 1", "")]
    [InlineData(new[] { "--slo", "ttft_p99=1s", "--lo", "10", "--hi", "5" }, "error: --hi 5 is not above --lo 10", "")]
    [InlineData(new[] { "--slo", "ttft_p99=1s", "--set", "run.duraton=5s" }, "--set run.duraton=5s:1:5: unknown key 'duraton' in 'run'", "did you mean 'duration'?")]
    [InlineData(new[] { "--slo", "ttft_p99=1s", "--seed", "-1" }, "error: --seed expects a non-negative whole number, got '-1'", "")]
    [InlineData(new[] { "--slo", "ttft_p99=1s", "--step-error", "1" }, "--step-error 1: expected a fraction strictly between 0 and 1", "0.1 for steps 10 % longer and shorter")]
    public void Capacity_with_bad_input_exits_2_with_a_clear_message_and_writes_nothing(string[] args, string start, string hint)
    {
        var (code, output, error) = CliRunner.Run(["capacity", .. args, "--out", _folder]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith(start, error);
        Assert.Contains(hint, error);
        CliRunner.NoStackTrace(error);
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public void An_slo_no_rate_meets_exits_1_and_says_none()
    {
        var (code, output, error) = CliRunner.Run([.. Short, "--slo", "ttft_p99=1us", "--lo", "5", "--out", _folder]);
        Assert.Equal(1, code);
        Assert.Equal("", error);
        Assert.Contains("capacity: none: not even the lowest rate searched (--lo 5 requests/s) meets every SLO; at 5: ttft_p99_s = ", output);
        Assert.Contains("\"capacity_rps\": null", File.ReadAllText(Path.Combine(_folder, "capacity.json")));
    }

    [Fact]
    public void Hi_caps_the_search_and_the_answer_says_at_least()
    {
        var (code, output, _) = CliRunner.Run([.. Short, "--slo", "ttft_p99=60s", "--hi", "8", "--out", _folder]);
        Assert.Equal(0, code);
        Assert.Contains("capacity: at least 8 requests/s: the highest rate searched (--hi) still meets every SLO", output);
        Assert.Contains("\"outcome\": \"at_least\"", File.ReadAllText(Path.Combine(_folder, "capacity.json")));
    }
}

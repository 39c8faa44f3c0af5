namespace ClusterSim.Cli.Tests.Sweeps;

/// <summary>sweep, merge and plan as a user runs them: exit codes, located messages on stderr, no stack traces, outputs on disk.</summary>
public sealed class SweepCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clustersim-sweep-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Theory]
    [InlineData("workloads.chat.arrival.rate", "--set workloads.chat.arrival.rate:1:1: expected PATH=VALUE or PATH=V1,V2,..., for example workloads.chat.arrival.rate=5,10,20\n")]
    [InlineData("workloads.chat.arrival.rate=5,,10", "--set workloads.chat.arrival.rate=5,,10:1:31: empty value in the list; separate values with single commas, e.g. 5,10,20\n")]
    [InlineData("workloads.chat.arival.rate=5,10", "--set workloads.chat.arival.rate=5,10:1:16: unknown key 'arival' in 'workloads.chat'; did you mean 'arrival'?\n")]
    [InlineData("workloads.chat.arrival.rate=5,0", "--set workloads.chat.arrival.rate=5,0:1:31: workloads.chat.arrival.rate: must be greater than 0, got 0\n")]
    public void Sweep_with_a_bad_set_exits_2_with_the_place_in_the_argument(string set, string expected)
    {
        var (code, output, error) = Run("sweep", "--set", set, "--out", _folder);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal(expected, error);
        CliRunner.NoStackTrace(error);
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Theory]
    [InlineData("2/2", "--shard 2/2: the shard index must be below the count (0 to 1); shards are numbered from 0\n")]
    [InlineData("one/two", "--shard one/two: expected i/N with whole numbers 0 <= i < N, for example 0/4\n")]
    public void Sweep_with_a_bad_shard_spec_exits_2(string shard, string expected)
    {
        var (code, _, error) = Run("sweep", "--set", "workloads.chat.arrival.rate=5,10", "--shard", shard, "--out", _folder);
        Assert.Equal(2, code);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Shards_run_from_the_command_line_merge_into_the_files_of_the_whole_sweep()
    {
        string[] sweep = ["sweep", "--set", "run.duration=3s", "--set", "workloads.chat.arrival.rate=4,8,12", "--replications", "2", "--quiet"];
        var whole = Path.Combine(_folder, "whole");
        var (code, output, error) = Run([.. sweep, "--out", whole]);
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("sweep 'default': 3 point(s) x 2 replication(s): 6 run(s)", output);

        var shards = Path.Combine(_folder, "shards");
        foreach (var i in new[] { "1/2", "0/2" })
        {
            var shard = Run([.. sweep, "--shard", i, "--out", shards]);
            Assert.Equal(0, shard.Code);
            Assert.Contains("clustersim merge", shard.Out);
        }

        var merged = Path.Combine(_folder, "merged");
        var merge = Run("merge", shards, "--out", merged);
        Assert.Equal(0, merge.Code);
        Assert.Contains("merged 2 shard file(s): 3 points", merge.Out);

        // A second merge into the same folder would replace its results: only with --force.
        var again = Run("merge", shards, "--out", merged);
        Assert.Equal(2, again.Code);
        Assert.Contains("already holds sweep results (sweep.csv, sweep.json, runs.csv); add --force", again.Err);
        Assert.Equal(0, Run("merge", shards, "--out", merged, "--force").Code);
        var files = Directory.GetFiles(whole).Select(Path.GetFileName).Order().ToArray();
        Assert.Contains("sweep.csv", files);
        Assert.Contains("p99-ttft-vs-load.svg", files);
        Assert.Equal(files, Directory.GetFiles(merged).Select(Path.GetFileName).Order().ToArray());
        foreach (var f in files)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(whole, f!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(merged, f!))), f);
        }
    }

    [Fact]
    public void Merge_of_a_directory_without_shards_or_with_one_missing_exits_2()
    {
        var (code, _, error) = Run("merge", _folder);
        Assert.Equal(2, code);
        Assert.StartsWith($"{_folder}: no shard-*-of-*.json files in this directory", error);

        var shards = Path.Combine(_folder, "s");
        Assert.Equal(0, Run("sweep", "--set", "run.duration=2s", "--set", "workloads.chat.arrival.rate=4,8", "--shard", "0/2", "--out", shards, "--quiet").Code);
        (code, _, error) = Run("merge", shards);
        Assert.Equal(2, code);
        Assert.Equal("error: shard 1/2 is missing (shard-1-of-2.json)\n"
                     + "error: re-run only these shards ('clustersim sweep ... --shard 1/2', with the same arguments as the others) and merge again\n", error);
        CliRunner.NoStackTrace(error);
    }

    [Fact]
    public void Plan_finds_a_configuration_and_writes_plan_json()
    {
        var (code, output, error) = Run(
            "plan", "--set", "run.duration=4s", "--set", "run.warmup=1s", "--target-rate", "10",
            "--slo", "ttft_p99=1s", "--vary", "accelerator=h100-sxm,mi300x", "--vary", "nodes=1..4", "--replications", "1", "--out", _folder);
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("cheapest: ", output);
        Assert.Contains("simulation runs (trying every node count would take 8)", output);
        Assert.True(File.Exists(Path.Combine(_folder, "plan.json")));
        // The plan drawn: the SLO figure and the cost against the node count, one line per option, its answer marked.
        Assert.Contains($"wrote {Path.Combine(_folder, "plan.json")} and 4 chart file(s)", output);
        Assert.Equal(["cost-vs-nodes.png", "cost-vs-nodes.svg", "plan.json", "ttft-p99-vs-nodes.png", "ttft-p99-vs-nodes.svg"],
            Directory.GetFiles(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var svg = File.ReadAllText(Path.Combine(_folder, "ttft-p99-vs-nodes.svg"));
        Assert.Contains("h100-sxm", svg);
        Assert.Contains("mi300x", svg);
        Assert.Contains("SLO &lt;= 1", svg);

        // Each part's published checks for this kind of deployment, beside the node counts: the two parts read differently.
        Assert.Contains("h100-sxm: deployment 'llama-8b': checked against published measurements of h100-sxm, vllm, dense", output);
        Assert.Contains("mi300x: deployment 'llama-8b': checked against published measurements of mi300x, vllm, dense", output);
        using var plan = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "plan.json")));
        Assert.All(plan.RootElement.GetProperty("options").EnumerateArray(), o =>
            Assert.Equal(o.GetProperty("accelerator").GetString(), o.GetProperty("validation").GetProperty("groups")[0].GetProperty("accelerator").GetString()));
    }

    [Fact]
    public void Plan_record_error_sizes_each_part_again_at_its_own_published_misses_and_writes_them_into_plan_json()
    {
        var (code, output, error) = Run(
            "plan", "--set", "run.duration=4s", "--set", "run.warmup=1s", "--set", "facility.costs.mode=rent", "--target-rate", "10",
            "--slo", "ttft_p99=1s", "--vary", "accelerator=h100-sxm,mi300x", "--vary", "nodes=1..4", "--replications", "1", "--record-error", "--out", _folder);
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("with each part's published misses carried in (--record-error", output);
        Assert.Contains("h100-sxm: scales from deployment 'llama-8b': h100-sxm, vllm, dense, capacity", output);
        Assert.Contains("mi300x: scales from deployment 'llama-8b': mi300x, vllm, dense, capacity", output);

        using var plan = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "plan.json")));
        Assert.True(plan.RootElement.GetProperty("record_error").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, plan.RootElement.GetProperty("step_error").ValueKind);
        foreach (var option in plan.RootElement.GetProperty("options").EnumerateArray())
        {
            var scales = option.GetProperty("step_scales").EnumerateArray().ToList();
            Assert.NotEmpty(scales);
            Assert.All(scales, s => Assert.NotEmpty(s.GetProperty("explored").EnumerateArray()));

            // The longest steps never need fewer nodes than the unscaled answer on this runner's common seeds.
            if (option.GetProperty("nodes").ValueKind == System.Text.Json.JsonValueKind.Number && scales[0].GetProperty("nodes").ValueKind == System.Text.Json.JsonValueKind.Number)
            {
                Assert.True(scales[0].GetProperty("step_scale").GetDouble() < 1 || scales[0].GetProperty("nodes").GetInt32() >= option.GetProperty("nodes").GetInt32());
            }
        }

        Assert.True(plan.RootElement.TryGetProperty("best_at_longest_steps", out _));
    }

    [Theory]
    [InlineData(new[] { "--slo", "ttft_p99=1s", "--step-error", "1.5" }, "--step-error 1.5: expected a fraction strictly between 0 and 1")]
    [InlineData(new[] { "--slo", "ttft_p99=1s", "--step-error", "0.1", "--record-error" }, "--step-error and --record-error both scale the steps: give one of them")]
    [InlineData(new[] { "--slo", "ttft_p98=1s" }, "--slo ttft_p98=1s: unknown objective 'ttft_p98'")]
    [InlineData(new[] { "--slo", "ttft_p99=1s", "--vary", "accelerator=h100" }, "--vary accelerator: unknown accelerator 'h100'; did you mean 'h100-nvl' or 'h100-sxm'?")]
    [InlineData(new[] { "--slo", "ttft_p99=1s", "--vary", "nodes=4..1" }, "--vary nodes=4..1: the range 4..1 runs backwards")]
    [InlineData(new[] { "--slo", "ttft_p99=1s", "--objective", "watts" }, "--objective watts: expected hour (USD per hour) or mtok")]
    public void Plan_with_bad_input_exits_2_with_a_clear_message(string[] args, string expected)
    {
        var (code, output, error) = Run(["plan", "--target-rate", "10", .. args, "--out", _folder]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith(expected, error);
        CliRunner.NoStackTrace(error);
    }
}

using System.Text.Json;

namespace ClusterSim.Cli.Tests.Accuracy;

/// <summary>accuracy as a user runs it: the table, accuracy.json and accuracy.csv on disk, exit codes, and bad input caught before anything runs.</summary>
public sealed class AccuracyCommandTests : IDisposable
{
    private static readonly string Scenario = Path.Combine(CliRunner.RepositoryRoot, "tests", "ClusterSim.Analysis.Tests", "Accuracy", "measured-chat.yaml");

    private readonly string _folder = Directory.CreateTempSubdirectory("clustersim-accuracy-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Accuracy_prints_each_figure_beside_its_measurement_and_writes_json_and_csv()
    {
        var dir = Path.Combine(_folder, "out");
        var (code, output, error) = CliRunner.Run("accuracy", Scenario, "--out", dir, "--parallel", "1");
        Assert.Equal(0, code);
        Assert.Contains("[1/3] measured-chat: ", error);
        Assert.Contains("[3/3] measured-chat [the fit]: ", error);
        Assert.Contains("measured-chat (check, workload chat): made up for the tests", output);
        Assert.Contains("measured-chat [rate 8] (check, workload chat)", output);
        Assert.Matches(@"\nttft_p99 +100 ms +[0-9.]+ ms +[+-][0-9.]+ % +±50 % +(met|NOT MET)", output);
        Assert.Contains("checks: 1 configuration(s), 10 figure(s), median absolute error ", output);
        Assert.Contains("fits (in sample: a factor was set from these figures, so they are no evidence for it): 1 configuration(s), 1 figure(s)", output);
        Assert.Contains($"wrote {Path.Combine(dir, "accuracy.json")}, accuracy.csv, accuracy.html and 6 chart file(s)", output);
        Assert.Equal(
            ["accuracy-by-figure.png", "accuracy-by-figure.svg", "accuracy-durations.png", "accuracy-durations.svg", "accuracy-rates.png", "accuracy-rates.svg",
             "accuracy.csv", "accuracy.html", "accuracy.json"],
            Directory.GetFiles(dir).Select(f => Path.GetFileName(f)).Order().ToArray());

        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "accuracy.json")));
        var cases = doc.RootElement.GetProperty("scenarios").EnumerateArray().ToList();
        Assert.Equal(3, cases.Count);
        var capacity = cases[0].GetProperty("figures").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "capacity_rps");
        Assert.True(capacity.GetProperty("simulated").GetDouble() > 0, "the capacity was searched");
        Assert.Equal(capacity.GetProperty("simulated").GetDouble() / 100 - 1, capacity.GetProperty("error").GetDouble(), 12);
        Assert.Equal(["check", "fit"], doc.RootElement.GetProperty("summary").EnumerateArray().Select(s => s.GetProperty("role").GetString()));

        var csv = File.ReadAllLines(Path.Combine(dir, "accuracy.csv"));
        Assert.Equal("scenario,row,role,workload,figure,unit,measured,simulated,error,within,met", csv[0]);
        Assert.Equal(12, csv.Length); // 8 + 2 + 1 figures
        Assert.StartsWith("measured-chat,the fit,fit,chat,throughput_rps,requests/s,4,", csv[^1], StringComparison.Ordinal);

        // The same command again: the same bytes.
        var again = Path.Combine(_folder, "again");
        Assert.Equal(0, CliRunner.Run("accuracy", Scenario, "--out", again, "--quiet").Code);
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "accuracy.json")), File.ReadAllText(Path.Combine(again, "accuracy.json")));
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "accuracy.html")), File.ReadAllText(Path.Combine(again, "accuracy.html")));
    }

    [Fact]
    public void Strict_exits_1_when_a_check_misses_its_criterion()
    {
        // The made-up figures miss some criteria (requests in system +142 %, say); without --strict that is a report, not a failure.
        Assert.Equal(1, CliRunner.Run("accuracy", Scenario, "--out", _folder, "--no-capacity", "--strict", "--quiet").Code);
        Assert.Equal(0, CliRunner.Run("accuracy", Scenario, "--out", _folder, "--no-capacity", "--quiet").Code);
    }

    [Fact]
    public void A_folder_runs_its_files_that_carry_measurements_and_says_how_many_it_passed_over()
    {
        var folder = Path.Combine(_folder, "in");
        Directory.CreateDirectory(folder);
        File.Copy(Scenario, Path.Combine(folder, "a.yaml"));
        var text = File.ReadAllText(Scenario);
        File.WriteAllText(Path.Combine(folder, "b.yaml"), text[..text.IndexOf("\nmeasured:", StringComparison.Ordinal)] + "\n");

        var (code, output, error) = CliRunner.Run("accuracy", folder, "--out", Path.Combine(_folder, "out"), "--no-capacity");
        Assert.Equal(0, code);
        Assert.Contains($"{folder}: 1 of 2 scenario file(s) have no measured section and are passed over", error);
        Assert.Contains("capacity_rps", output);
        Assert.Contains("not run: a capacity is searched over many runs", output);
    }

    [Fact]
    public void A_file_without_measurements_or_with_a_bad_row_exits_2_before_anything_runs_and_writes_nothing()
    {
        var text = File.ReadAllText(Scenario);
        var plain = Path.Combine(_folder, "plain.yaml");
        File.WriteAllText(plain, text[..text.IndexOf("\nmeasured:", StringComparison.Ordinal)] + "\n");
        var badRow = Path.Combine(_folder, "bad-row.yaml");
        File.WriteAllText(badRow, text.Replace("[workloads.chat.arrival.rate=8]", "[workloads.chat.arival.rate=8]"));
        var dir = Path.Combine(_folder, "out");

        var (code, output, error) = CliRunner.Run("accuracy", Scenario, plain, badRow, "--out", dir);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains($"{plain}: error: no measured section", error);
        Assert.Contains($"{badRow}:", error);
        Assert.Contains("measured row 'rate 8': set workloads.chat.arival.rate=8, column 16: unknown key 'arival' in 'workloads.chat'; did you mean 'arrival'?", error);
        Assert.DoesNotContain("[1/", error);
        CliRunner.NoStackTrace(error);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void Fit_prints_the_fitted_overrides_runs_every_case_with_them_and_refuses_an_unknown_one_before_anything_runs()
    {
        var dir = Path.Combine(_folder, "fit");
        var (code, output, error) = CliRunner.Run("accuracy", Scenario, "--out", dir, "--no-capacity", "--fit", "iteration_overhead");
        Assert.Equal(0, code);
        Assert.StartsWith("fit: 1 override(s) to 1 figure(s) of role fit, ", output, StringComparison.Ordinal);
        Assert.Matches(@"\n  iteration_overhead +[0-9.]+ (ms|us|s) +[0-9.]+ (ms|us|s)\n  in the scenario: execution_model: \{iteration_overhead: [0-9.]+ms\}\n  or: --set execution_model.iteration_overhead=[0-9.E-]+\n", output);
        Assert.Matches(@"fit: \d+ points in [0-9.]+ s", error);
        Assert.Contains("  started from entry a100-80gb-sxm/vllm derived for h100-sxm, as deployment 'llama-8b' of measured-chat [the fit] runs it; the fitted values apply to every deployment of every case", output);
        using (var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "accuracy.json"))))
        {
            var fit = doc.RootElement.GetProperty("fit");
            Assert.Equal(1, fit.GetProperty("figures").GetInt32());
            Assert.Equal("iteration_overhead", fit.GetProperty("overrides")[0].GetProperty("name").GetString());
        }

        Assert.Contains("<section id=\"fit\">", File.ReadAllText(Path.Combine(dir, "accuracy.html")), StringComparison.Ordinal);

        var refused = Path.Combine(_folder, "refused");
        (code, output, error) = CliRunner.Run("accuracy", Scenario, "--out", refused, "--fit", "iteration_overhed");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("--fit iteration_overhed: not an override a fit can set; expected one of ", error);
        Assert.Contains("did you mean 'iteration_overhead'?", error);
        CliRunner.NoStackTrace(error);
        Assert.False(Directory.Exists(refused));
    }

    [Fact]
    public void Run_prints_the_measured_figures_beside_its_own_and_writes_them_into_summary_json()
    {
        var dir = Path.Combine(_folder, "run");
        var (code, output, _) = CliRunner.Run("run", Scenario, "--out", dir, "--no-charts", "--no-report", "--no-requests");
        Assert.Equal(0, code);
        Assert.Contains("measured-chat (check, workload chat): made up for the tests", output);
        Assert.Contains("not run: a capacity is searched over many runs (clustersim accuracy FILE)", output);

        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        var measured = doc.RootElement.GetProperty("measured");
        Assert.Equal("check", measured.GetProperty("role").GetString());
        var throughput = measured.GetProperty("figures").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "throughput_rps");
        Assert.Equal(doc.RootElement.GetProperty("classes").GetProperty("chat").GetProperty("throughput_rps").GetDouble(), throughput.GetProperty("simulated").GetDouble());
    }

    [Fact]
    public void Record_writes_every_figure_with_what_it_ran_on_in_the_form_runs_read()
    {
        var record = Path.Combine(_folder, "catalog", "record.csv");
        var (code, output, _) = CliRunner.Run("accuracy", Scenario, "--out", Path.Combine(_folder, "out"), "--quiet", "--record", record);
        Assert.Equal(0, code);
        Assert.Contains($"wrote the validation record {record} (11 figures)", output);
        var lines = File.ReadAllLines(record);
        Assert.Equal("scenario,row,role,accelerator,stack,architecture,figure,family,measured,simulated,error", lines[0]);
        Assert.Equal(12, lines.Length); // the same 8 + 2 + 1 figures as accuracy.csv
        var parsed = ClusterSim.Model.Performance.ValidationRecord.Parse(new StringReader(File.ReadAllText(record)), record);
        var capacity = parsed.Rows.Single(r => r.Row.Length == 0 && r.Figure == "capacity_rps");
        Assert.Equal(("capacity", true, "dense"), (capacity.Family, capacity.Check, capacity.Architecture));
        Assert.False(double.IsNaN(capacity.Error), "the record's capacity was searched");
        Assert.Equal("fit", File.ReadAllLines(record)[^1].Split(',')[2]);
        Assert.All(parsed.Rows, r => Assert.Equal(("h100-sxm", "vllm"), (r.Accelerator, r.Stack))); // the file names no stack: vllm, the LLM default
    }

    [Theory]
    [InlineData("--no-capacity")]
    [InlineData("--seed", "7")]
    [InlineData("--set", "run.seed=7")]
    [InlineData("--fit", "iteration_overhead")]
    public void Record_refuses_anything_but_the_files_as_written(params string[] extra)
    {
        var record = Path.Combine(_folder, "record.csv");
        var (code, _, error) = CliRunner.Run(["accuracy", Scenario, "--out", Path.Combine(_folder, "out"), "--record", record, .. extra]);
        Assert.Equal(2, code);
        Assert.Contains($"error: --record: the record is of the files as written, every figure searched or run; {extra[0]} changes that: leave it out", error);
        Assert.False(File.Exists(record));
        Assert.False(Directory.Exists(Path.Combine(_folder, "out")));
    }
}

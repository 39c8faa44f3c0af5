using ClusterSim.Analysis.Outputs;
using ClusterSim.Analysis.Tests.Charts;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Tests.Outputs;

/// <summary>
/// The output pipeline (issue 14): a run replaces only the files it writes, one run per folder at a
/// time, and a failed or cancelled run leaves the folder exactly as it found it.
/// </summary>
public sealed class RunOutputsTests : IDisposable
{
    private static readonly Lazy<(CompiledScenario Compiled, ServingResult Result)> Short = new(() =>
    {
        var compiled = ScenarioCompiler.Compile(ScenarioLoader.LoadDefault(SmallRun.Short));
        return (compiled, ClusterRun.Execute(compiled));
    });

    private readonly string _dir = Directory.CreateTempSubdirectory("clustersim-outputs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private RunOutputOptions Options(bool charts = true, bool report = false) => new() { Directory = _dir, Charts = charts, Report = report, Stable = true };

    /// <summary>Every file under the folder with its contents, the lock file aside (it is the lock, not an output).</summary>
    private Dictionary<string, string> Snapshot()
        => Directory.EnumerateFileSystemEntries(_dir, "*", SearchOption.AllDirectories)
            .Where(p => Path.GetFileName(p) != ".clustersim.lock")
            .ToDictionary(p => Path.GetRelativePath(_dir, p), p => File.Exists(p) ? File.ReadAllText(p) : "<dir>");

    private IReadOnlyList<string> RunAndCommit(RunOutputOptions options)
    {
        using var outputs = RunOutputs.Open(options);
        var (compiled, _) = Short.Value;
        var result = ClusterRun.Execute(compiled, observers: outputs.Observers);
        return outputs.Commit(result, compiled);
    }

    [Fact]
    public void Files_and_folders_in_charts_that_the_run_did_not_write_are_kept_and_its_own_charts_replaced()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "charts", "mine"));
        File.WriteAllText(Path.Combine(_dir, "charts", "mine", "keep.txt"), "x");
        File.WriteAllText(Path.Combine(_dir, "charts", "notes.md"), "mine too");
        File.WriteAllText(Path.Combine(_dir, "charts", "ttft-cdf.svg"), "stale");
        File.WriteAllText(Path.Combine(_dir, "elsewhere.txt"), "not ours");

        var written = RunAndCommit(Options());

        Assert.Equal("x", File.ReadAllText(Path.Combine(_dir, "charts", "mine", "keep.txt")));
        Assert.Equal("mine too", File.ReadAllText(Path.Combine(_dir, "charts", "notes.md")));
        Assert.Equal("not ours", File.ReadAllText(Path.Combine(_dir, "elsewhere.txt")));
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(_dir, "charts", "ttft-cdf.svg"))); // replaced: it is ours by name
        Assert.Contains(Path.Combine(_dir, "charts"), written);
        Assert.True(File.Exists(Path.Combine(_dir, "charts", "ttft-cdf.png")));
        Assert.Empty(Directory.GetDirectories(_dir, ".clustersim-staging-*"));
    }

    [Fact]
    public void A_second_run_into_a_held_folder_fails_at_once_and_writes_nothing()
    {
        File.WriteAllText(Path.Combine(_dir, "summary.json"), "earlier");
        using var first = RunOutputs.Open(Options());
        var before = Snapshot();

        var ex = Assert.Throws<OutputFolderBusyException>(() => RunOutputs.Open(Options()));
        Assert.Contains("another clustersim run is writing to this folder", ex.Message);
        Assert.Contains(_dir, ex.Message);
        Assert.Equal(before, Snapshot());

        first.Dispose();
        using var again = RunOutputs.Open(Options()); // released: the next run may go
    }

    [Fact]
    public void Runs_taking_turns_on_one_folder_each_leave_a_consistent_set()
    {
        // Twenty runs race for one folder: each either fails at once or writes a whole set, and the set
        // left at the end comes from one run (its requests.csv has exactly the rows its summary counts).
        var (compiled, _) = Short.Value;
        var outcomes = Enumerable.Range(0, 20).AsParallel().WithDegreeOfParallelism(4).Select(i =>
        {
            try
            {
                using var outputs = RunOutputs.Open(Options(charts: false) with { Requests = true });
                var result = ClusterRun.Execute(compiled with { Setup = compiled.Setup with { Seed = (ulong)(i + 1) } }, observers: outputs.Observers);
                outputs.Commit(result, compiled);
                return "ok";
            }
            catch (OutputFolderBusyException)
            {
                return "busy";
            }
        }).ToList();
        Assert.Contains("ok", outcomes);

        using var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "summary.json")));
        var arrived = summary.RootElement.GetProperty("overall").GetProperty("arrived").GetInt64();
        Assert.Equal(arrived, File.ReadAllLines(Path.Combine(_dir, "requests.csv")).Length - 1);
        Assert.Empty(Directory.GetDirectories(_dir, ".clustersim-staging-*"));
    }

    [Fact]
    public void A_run_that_fails_before_its_commit_leaves_the_folder_as_it_was()
    {
        RunAndCommit(Options());
        var before = Snapshot();
        var (compiled, _) = Short.Value;
        using (var outputs = RunOutputs.Open(Options(report: true) with { Timeline = true }))
        {
            ClusterRun.Execute(compiled, observers: outputs.Observers); // streamed files filled, then the run "fails": no commit
        }

        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void A_cancelled_run_leaves_no_temporaries_and_the_earlier_outputs()
    {
        RunAndCommit(Options());
        var before = Snapshot();
        var (compiled, _) = Short.Value;
        using var cancel = new CancellationTokenSource();
        using (var outputs = RunOutputs.Open(Options()))
        {
            var options = new RunOptions { Cancellation = cancel.Token, Progress = now => cancel.Cancel() };
            Assert.Throws<OperationCanceledException>(() => ClusterRun.Execute(compiled, options, outputs.Observers));
        }

        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void A_folder_in_the_way_of_an_output_fails_the_commit_before_any_file_is_replaced()
    {
        File.WriteAllText(Path.Combine(_dir, "requests.csv"), "earlier");
        Directory.CreateDirectory(Path.Combine(_dir, "summary.json"));
        var before = Snapshot();
        var ex = Assert.Throws<IOException>(() => RunAndCommit(Options(charts: false)));
        Assert.Contains("summary.json", ex.Message);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void Leftovers_of_a_killed_run_are_removed_under_the_lock()
    {
        Directory.CreateDirectory(Path.Combine(_dir, ".clustersim-staging-dead", "charts"));
        File.WriteAllText(Path.Combine(_dir, "requests.csv.partial"), "half");
        File.WriteAllText(Path.Combine(_dir, "mine.partial"), "not ours");
        using (RunOutputs.Open(Options()))
        {
        }

        Assert.False(Directory.Exists(Path.Combine(_dir, ".clustersim-staging-dead")));
        Assert.False(File.Exists(Path.Combine(_dir, "requests.csv.partial")));
        Assert.Equal("not ours", File.ReadAllText(Path.Combine(_dir, "mine.partial")));
    }
}

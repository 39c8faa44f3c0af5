using System.Text.RegularExpressions;

namespace ClusterSim.Cli.Tests.Slurm;

/// <summary>
/// Sweeps and fleets submitted to a real one-node Slurm as job arrays with a dependent merge, and a
/// plan as one job: the merged files (and plan.json) must be the bytes the same run gives in one process. The tasks start the built CLI
/// (<c>dotnet clustersim.dll</c> beside these tests), not <c>dotnet run</c>.
/// </summary>
public sealed class SlurmArrayTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "clustersim-slurm-out-" + Guid.NewGuid().ToString("N")[..8]);

    private static string Cli => $"dotnet {Path.Combine(AppContext.BaseDirectory, "clustersim.dll")}";

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [SlurmFact]
    public void A_sweep_as_an_array_of_4_tasks_and_a_dependent_merge_equals_the_sweep_in_one_process()
    {
        using var slurm = new LocalSlurm();
        slurm.Start();
        string[] sweep = ["sweep", "--set", "run.duration=3s", "--set", "workloads.chat.arrival.rate=2,4,6,8,10,12", "--replications", "2"];
        var whole = Path.Combine(_folder, "whole");
        Assert.Equal(0, CliRunner.Run([.. sweep, "--out", whole, "--quiet"]).Code);

        var sharded = Path.Combine(_folder, "sharded");
        var (code, output, error) = CliRunner.Run([.. sweep, "--slurm", "--submit", "--shards", "4", "--cpus-per-task", "1", "--out", sharded, "--cli", Cli]);
        Assert.True(code == 0, output + error);
        var (array, merge) = Ids(output);
        Assert.All(slurm.WaitFor(array, Limit), s => Assert.True(s == "COMPLETED", $"array task ended {s}; logs:\n{slurm.Logs()}"));
        Assert.Equal(["COMPLETED"], slurm.WaitFor(merge, Limit));

        Assert.Equal(4, Directory.GetFiles(sharded, "shard-*-of-4.json").Length);
        foreach (var file in new[] { "sweep.csv", "sweep.json", "runs.csv" })
        {
            Assert.True(File.ReadAllBytes(Path.Combine(whole, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(sharded, file))), $"{file}: the Slurm merge differs from the sweep in one process");
        }
    }

    [SlurmFact]
    public void A_fleet_of_8_clusters_as_an_array_merges_to_the_fleet_run_in_one_process()
    {
        using var slurm = new LocalSlurm();
        slurm.Start();
        var fleet = Path.Combine(CliRunner.RepositoryRoot, "scenarios", "fleets", "small-8.yaml");
        var whole = Path.Combine(_folder, "whole");
        Assert.Equal(0, CliRunner.Run("fleet", fleet, "--out", whole).Code);

        var sharded = Path.Combine(_folder, "sharded");
        var (code, output, error) = CliRunner.Run("fleet", fleet, "--slurm", "--submit", "--out", sharded, "--cli", Cli);
        Assert.True(code == 0, output + error);
        var (array, merge) = Ids(output);
        Assert.Equal(8, slurm.WaitFor(array, Limit).Count(s => s == "COMPLETED"));
        Assert.Equal(["COMPLETED"], slurm.WaitFor(merge, Limit));
        foreach (var file in new[] { "fleet.json", "sites.csv", "clusters.csv" })
        {
            Assert.True(File.ReadAllBytes(Path.Combine(whole, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(sharded, file))), $"{file}: the Slurm merge differs from the fleet in one process");
        }
    }

    [SlurmFact]
    public void A_plan_as_one_job_writes_the_plan_of_the_same_plan_in_one_process()
    {
        using var slurm = new LocalSlurm();
        slurm.Start();
        string[] plan = ["plan", "--set", "run.duration=3s", "--target-rate", "10", "--slo", "ttft_p99=1s", "--vary", "accelerator=h100-sxm,mi300x", "--vary", "nodes=1..3", "--replications", "1"];
        var whole = Path.Combine(_folder, "whole");
        Assert.Equal(0, CliRunner.Run([.. plan, "--out", whole]).Code);

        var job = Path.Combine(_folder, "job");
        var (code, output, error) = CliRunner.Run([.. plan, "--slurm", "--submit", "--cpus-per-task", "2", "--out", job, "--cli", Cli]);
        Assert.True(code == 0, output + error);
        var m = Regex.Match(output, @"submitted job (\d+)");
        Assert.True(m.Success, output);
        Assert.All(slurm.WaitFor(m.Groups[1].Value, Limit), s => Assert.True(s == "COMPLETED", $"the plan job ended {s}; logs:\n{slurm.Logs()}"));
        Assert.True(File.ReadAllBytes(Path.Combine(whole, "plan.json")).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(job, "plan.json"))),
            "plan.json: the Slurm job's plan differs from the plan in one process");
    }

    private static (string Array, string Merge) Ids(string output)
    {
        var m = Regex.Match(output, @"submitted array job (\d+) \(\d+ task\(s\)\) and merge job (\d+)");
        Assert.True(m.Success, output);
        return (m.Groups[1].Value, m.Groups[2].Value);
    }
}

namespace ClusterSim.Cli.Tests.Sweeps;

/// <summary>`plan --slurm`: one job script carrying the plan's own options, written only for a plan that would start.</summary>
public sealed class PlanSlurmCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clustersim-plan-slurm-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly string Scenario = Path.Combine(CliRunner.RepositoryRoot, "scenarios", "default.yaml");

    private string[] Plan(params string[] more) =>
    [
        "plan", Scenario, "--target-rate", "12.5", "--slo", "ttft_p99=1s", "--slo", "tpot_p99=80ms", "--vary", "accelerator=h100-sxm,mi300x", "--vary", "nodes=1..4",
        "--set", "run.duration=4s", "--class", "chat", "--group", "dgx-h100", "--objective", "mtok", "--replications", "2", "--out", Path.Combine(_folder, "p"), .. more,
    ];

    [Fact]
    public void Plan_slurm_writes_one_job_that_runs_the_same_plan_with_the_job_cpus_and_runs_nothing_here()
    {
        var out_ = Path.Combine(_folder, "p");
        var (code, output, error) = CliRunner.Run(Plan("--slurm", "--partition", "cpu", "--time", "2:00:00", "--mem", "8G", "--cpus-per-task", "2", "--cli", "clustersim"));
        Assert.True(code == 0, error);
        Assert.Equal("", error);
        var script = Path.Combine(out_, "slurm", "plan.sbatch");
        Assert.Equal($"wrote {script} (one job)\nsubmit: sbatch {script}\nresults will land in {out_} (plan.json)\n", output);
        Assert.False(File.Exists(Path.Combine(out_, "plan.json")));

        var lines = File.ReadAllLines(script);
        foreach (var d in new[] { "--partition=cpu", "--time=2:00:00", "--mem=8G", "--cpus-per-task=2", $"--output={out_}/slurm/logs/plan.out", $"--chdir={Directory.GetCurrentDirectory()}" })
        {
            Assert.Contains("#SBATCH " + d, lines);
        }

        Assert.DoesNotContain(lines, l => l.Contains("--array", StringComparison.Ordinal));
        Assert.Contains(
            $"exec clustersim plan {Scenario} --target-rate 12.5 --slo ttft_p99=1s --slo tpot_p99=80ms --vary accelerator=h100-sxm,mi300x --vary nodes=1..4 "
            + $"--set run.duration=4s --class chat --group dgx-h100 --objective mtok --replications 2 --parallel \"${{SLURM_CPUS_PER_TASK:-1}}\" --out {out_}",
            lines);
    }

    [Fact]
    public void Plan_slurm_carries_the_step_error_into_the_job()
    {
        var out_ = Path.Combine(_folder, "p");
        var (code, _, error) = CliRunner.Run(Plan("--step-error", "0.2", "--slurm", "--cli", "clustersim"));
        Assert.True(code == 0, error);
        var lines = File.ReadAllLines(Path.Combine(out_, "slurm", "plan.sbatch"));
        Assert.Contains(lines, l => l.StartsWith("exec clustersim plan ", StringComparison.Ordinal) && l.Contains(" --replications 2 --step-error 0.2 --parallel ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(new[] { "--vary", "accelerator=h100" }, "--vary accelerator: unknown accelerator 'h100'; did you mean 'h100-nvl' or 'h100-sxm'?")]
    [InlineData(new[] { "--group", "dgx" }, "--group dgx: no node group 'dgx'")]
    [InlineData(new[] { "--submit" }, "--submit submits the Slurm scripts: add --slurm")]
    public void Plan_slurm_refuses_a_plan_that_would_not_start_and_writes_no_script(string[] args, string expected)
    {
        var slurm = args.Contains("--submit") ? args : ["--slurm", .. args];
        var (code, output, error) = CliRunner.Run(["plan", Scenario, "--target-rate", "10", "--slo", "ttft_p99=1s", .. slurm, "--cli", "clustersim", "--out", Path.Combine(_folder, "p")]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith(expected, error);
        CliRunner.NoStackTrace(error);
        Assert.False(Directory.Exists(Path.Combine(_folder, "p")));
    }

    [Fact]
    public void Plan_has_no_array_options_since_it_runs_as_one_job()
    {
        var (code, _, error) = CliRunner.Run(Plan("--slurm", "--shards", "2", "--cli", "clustersim"));
        Assert.Equal(2, code);
        Assert.Contains("--shards", error);
    }
}

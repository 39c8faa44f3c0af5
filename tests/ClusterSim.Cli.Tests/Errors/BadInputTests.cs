namespace ClusterSim.Cli.Tests.Errors;

/// <summary>
/// Bad input on any command gives exit code 2 and a readable message, never a stack trace, and
/// writes nothing half-way. In the command lines, {dir} is an empty temporary folder and {file} an
/// existing plain file in it.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clustersim-bad-input-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Profile => Path.Combine(CliRunner.RepositoryRoot, "scenarios", "profiles", "splitwise_perf_model.csv");

    [Theory]
    [InlineData("run --quiet --out {file}", "already exists")]
    [InlineData("run {dir} --quiet", "is a folder, not a scenario file")]
    [InlineData("validate {dir}", "is a folder, not a scenario file")]
    [InlineData("fleet {dir}", "is a folder, not a fleet file")]
    [InlineData("sweep --quiet --slurm --time abc --out {dir}/s", "--time 'abc' is not a Slurm time limit")]
    [InlineData("sweep --quiet --slurm --mem 8GB --out {dir}/s", "--mem '8GB' is not a Slurm memory size")]
    [InlineData("sweep --quiet --slurm --cpus-per-task 0 --out {dir}/s", "--cpus-per-task: expected 1 or more")]
    [InlineData("plan --target-rate 10 --slo ttft_p99=1s --slurm --time 1:2:3:4 --out {dir}/p", "is not a Slurm time limit")]
    [InlineData("run --quiet --out ", "--out: expected a path")]
    [InlineData("sweep --quiet --out ", "--out: expected a path")]
    [InlineData("sweep --quiet --parallel -1", "--parallel -1: expected 1 or more")]
    [InlineData("plan --target-rate 10 --slo ttft_p99=1s --out ", "--out: expected a path")]
    [InlineData("plan --target-rate 10 --slo ttft_p99=1s --parallel -2", "--parallel -2: expected 1 or more")]
    [InlineData("merge {dir} --out ", "--out: expected a path")]
    [InlineData("schema --out ", "--out: expected a path")]
    [InlineData("schema --out {dir}/missing/s.json", "cannot write the schema")]
    [InlineData("calibrate --profile {dir}/missing.csv --out {dir}/e.yaml", "missing.csv")]
    [InlineData("calibrate --profile {dir} --out {dir}/e.yaml", "error: ")]
    [InlineData("calibrate --profile {profile} --out ", "--out: expected a path")]
    [InlineData("calibrate --profile {profile} --out {file}/e.yaml", "cannot write the parameter file")]
    [InlineData("bench --seconds NaN", "--seconds must be a positive finite number")]
    [InlineData("bench --seconds Infinity", "--seconds must be a positive finite number")]
    [InlineData("bench --seconds 0", "--seconds must be a positive finite number")]
    [InlineData("bench --processes 0", "--processes at least 1")]
    [InlineData("run --quiet --set execution_model.step_scale=1e300 --out {dir}/r", "--set execution_model.step_scale=1e300:1:28: execution_model.step_scale: must be at most 100")]
    [InlineData("step --set execution_model.step_scale=0 --out {dir}/s", "execution_model.step_scale: must be greater than 0")]
    public void Bad_input_exits_2_with_a_message_and_no_stack_trace(string commandLine, string expected)
    {
        var file = Path.Combine(_folder, "existing.txt");
        File.WriteAllText(file, "not a folder");
        var args = Split(commandLine.Replace("{dir}", _folder).Replace("{file}", file).Replace("{profile}", Profile));

        var (code, _, error) = CliRunner.Run(args);

        Assert.Equal(2, code);
        Assert.Contains(expected, error);
        CliRunner.NoStackTrace(error);
        Assert.Equal([file], Directory.GetFileSystemEntries(_folder));
        Assert.Equal("not a folder", File.ReadAllText(file));
    }

    [Fact]
    public void Bench_checks_its_arguments_before_running_a_whole_simulator_case()
    {
        // chat-1m takes minutes; a bad --seconds must be refused before it starts, not after.
        var (code, output, error) = CliRunner.Run("bench", "--case", "chat-1m", "--seconds", "NaN");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("--seconds", error);
    }

    /// <summary>Splits on single spaces; a trailing space stands for a final empty argument (<c>--out ""</c>).</summary>
    private static string[] Split(string commandLine) => commandLine.Split(' ');
}

using System.Text.Json;

namespace ClusterSim.Cli.Tests.Step;

/// <summary>step as a user runs it: the table, step.json and charts on disk, and bad input refused with exit 2 and nothing written.</summary>
public sealed class StepCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clustersim-step-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Step_prints_the_parts_and_writes_step_json_and_two_charts_per_deployment()
    {
        var dir = Path.Combine(_folder, "a");
        var (code, output, error) = CliRunner.Run("step", "--batch", "1,64,512", "--context", "2048", "--prompts", "1", "--prompt-tokens", "512", "--out", dir);
        Assert.Equal("", error);
        Assert.Equal(0, code);
        Assert.Contains("deployment llama-8b: 2 accelerator(s) per replica, roofline, entry a100-80gb-sxm/vllm", output);
        Assert.Contains("weight stream", output);
        Assert.Contains("1 prompt(s) of 512 tokens", output);
        string[] expected = ["step-parts-llama-8b.png", "step-parts-llama-8b.svg", "step-throughput-llama-8b.png", "step-throughput-llama-8b.svg", "step.json"];
        Assert.Equal(expected, Directory.GetFiles(dir).Select(f => Path.GetFileName(f)).Order().ToArray());

        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "step.json")));
        var rows = doc.RootElement.GetProperty("deployments")[0].GetProperty("rows");
        Assert.Equal([1L, 64, 512], rows.EnumerateArray().Select(r => r.GetProperty("batch").GetInt64()));

        // The same command again gives the same bytes.
        var again = Path.Combine(_folder, "b");
        Assert.Equal(0, CliRunner.Run("step", "--batch", "1,64,512", "--context", "2048", "--prompts", "1", "--prompt-tokens", "512", "--out", again).Code);
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "step.json")), File.ReadAllBytes(Path.Combine(again, "step.json")));
    }

    [Theory]
    [InlineData("--batch 1,x", "--batch expects comma-separated whole numbers (e.g. 1,8,64), got 'x' in '1,x'")]
    [InlineData("--context 0", "--context must be from 1 to 100,000,000 tokens, got 0")]
    [InlineData("--batch 0", "a batch of 0 decodes prices nothing without --prompts")]
    [InlineData("--beams 0", "--beams must be from 1 to 64 (a text workload's beam_width), got 0")]
    [InlineData("--beams four", "four")]
    [InlineData("--beam-tokens 24", "it needs --beams of 2 or more")]
    [InlineData("--deployment lama-8b", "--deployment: no text deployment 'lama-8b' in 'default'; did you mean 'llama-8b'?")]
    [InlineData("--set deployments.llama-8b.tp=0", "deployments.llama-8b.tp")]
    public void Bad_input_exits_2_with_the_reason_and_writes_nothing(string args, string expected)
    {
        var dir = Path.Combine(_folder, "bad");
        var (code, output, error) = CliRunner.Run(["step", .. args.Split(' '), "--out", dir]);
        Assert.Equal(2, code);
        Assert.Contains(expected, error);
        CliRunner.NoStackTrace(error + output);
        Assert.False(Directory.Exists(dir));
    }
}

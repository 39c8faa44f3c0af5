using ClusterSim.Analysis.Sweeps;

namespace ClusterSim.Cli.Tests.Errors;

/// <summary>The one place failures become exit codes: 2 for bad input, 1 for a bug, a message either way and no stack trace.</summary>
public sealed class CliErrorsTests
{
    [Theory]
    [InlineData(typeof(IOException))]
    [InlineData(typeof(UnauthorizedAccessException))]
    [InlineData(typeof(ArgumentException))]
    [InlineData(typeof(FormatException))]
    [InlineData(typeof(NotSupportedException))]
    [InlineData(typeof(FileNotFoundException))]
    public void Input_errors_exit_2_with_their_message(Type type)
    {
        var ex = (Exception)Activator.CreateInstance(type, "the message")!;
        var stderr = new StringWriter();
        Assert.Equal(2, CliErrors.Report(ex, stderr));
        Assert.Equal("error: the message\n", stderr.ToString().Replace("\r\n", "\n"));
    }

    [Fact]
    public void Sweep_errors_print_each_message_located_ones_as_they_are()
    {
        var stderr = new StringWriter();
        Assert.Equal(2, CliErrors.Report(new SweepInputException(["--set x=1:1:1: bad", "plain"]), stderr));
        Assert.Equal("--set x=1:1:1: bad\nerror: plain\n", stderr.ToString().Replace("\r\n", "\n"));
    }

    [Fact]
    public void Anything_else_exits_1_as_a_bug_without_a_stack_trace()
    {
        var stderr = new StringWriter();
        Exception thrown;
        try
        {
            throw new InvalidOperationException("inner state broken");
        }
        catch (InvalidOperationException ex)
        {
            thrown = ex; // thrown for real, so it carries a stack trace that must not be printed
        }

        Assert.Equal(1, CliErrors.Report(thrown, stderr));
        var text = stderr.ToString();
        Assert.StartsWith("error: inner state broken", text);
        Assert.Contains("bug in clustersim", text);
        Assert.DoesNotContain("   at ", text);
    }
}

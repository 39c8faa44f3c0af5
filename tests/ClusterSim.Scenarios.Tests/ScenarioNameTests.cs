namespace ClusterSim.Scenarios.Tests;

/// <summary>
/// The scenario name becomes the default output folder out/NAME: a name that is a path would write
/// outside out/ (issue 14), so it is refused where it is written, in the file or in --set.
/// </summary>
public sealed class ScenarioNameTests
{
    [Theory]
    [InlineData("../../elsewhere", "it contains a path separator")]
    [InlineData("a/b", "it contains a path separator")]
    [InlineData("a\\\\b", "it contains a path separator")]
    [InlineData("/tmp/x", "it contains a path separator")]
    [InlineData("..", "'..' names a folder, not a scenario")]
    [InlineData(".", "'.' names a folder, not a scenario")]
    [InlineData("a:b", "it contains ':'")]
    [InlineData("what?", "it contains '?'")]
    [InlineData("tab\\there", "it contains a control character")]
    public void A_name_that_is_a_path_is_refused_at_the_name_s_line_and_column(string name, string why)
    {
        var errors = Fixtures.Errors($"name: \"{name}\"\n" + MalformedCases.Base);
        var error = Assert.Single(errors);
        Assert.StartsWith("1:7: ", error);
        Assert.Contains("the scenario name becomes the output folder out/<name>", error);
        Assert.Contains(why, error);
    }

    [Fact]
    public void A_path_given_by_set_is_refused_at_the_set_argument()
    {
        var errors = Fixtures.Errors(MalformedCases.Base, sets: ["name=a/b"]);
        var error = Assert.Single(errors);
        Assert.StartsWith("--set name=a/b:1:6: ", error);
        Assert.Contains("it contains a path separator", error);
    }

    [Theory]
    [InlineData("chat-h100-vs-mi300x")]
    [InlineData("mixed multimodal (v2)")]
    [InlineData("ünïcode.name")]
    public void A_plain_name_is_accepted(string name)
        => Assert.Empty(Fixtures.Errors($"name: \"{name}\"\n" + MalformedCases.Base));
}

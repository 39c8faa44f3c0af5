using ClusterSim.Scenarios.Yaml;

namespace ClusterSim.Scenarios.Tests;

public sealed class YamlReaderTests
{
    private static (Node? Node, List<string> Errors) Read(string yaml)
    {
        var diagnostics = new Diagnostics();
        var node = YamlReader.Read(yaml, new Source("t.yaml", 0), diagnostics);
        return (node, diagnostics.Sorted().Select(e => $"{e.Line}:{e.Column}: {e.Message}").ToList());
    }

    [Fact]
    public void Nodes_carry_one_based_lines_and_columns()
    {
        var (node, errors) = Read("a:\n  b: [1, 22]\n");
        Assert.Empty(errors);
        var b = ((MappingNode)((MappingNode)node!).Get("a")!).Find("b")!;
        Assert.Equal((2, 3), (b.Key.Line, b.Key.Column));
        var second = ((SequenceNode)b.Value).Items[1];
        Assert.Equal((2, 10), (second.Line, second.Column));
    }

    [Fact]
    public void Every_duplicate_key_is_reported_at_its_second_place()
    {
        var (_, errors) = Read("a: 1\nb: 2\na: 3\nb: 4\n");
        Assert.Equal(["3:1: duplicate key 'a' (first defined at line 1, column 1)", "4:1: duplicate key 'b' (first defined at line 2, column 1)"], errors);
    }

    [Fact]
    public void An_alias_stands_for_its_anchored_node()
    {
        var (node, errors) = Read("a: &x {k: 1}\nb: *x\n");
        Assert.Empty(errors);
        var root = (MappingNode)node!;
        Assert.Same(root.Get("a"), root.Get("b"));
    }

    [Fact]
    public void Aliases_that_expand_exponentially_are_stopped()
    {
        var lines = new List<string> { "a0: &a0 [x, x, x, x, x, x, x, x, x, x]" };
        for (var i = 1; i < 12; i++)
        {
            lines.Add($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]");
        }

        var (node, errors) = Read(string.Join("\n", lines));
        Assert.Null(node);
        Assert.Contains("expands to more than 500,000 nodes", Assert.Single(errors));
    }

    [Fact]
    public void Deep_nesting_is_an_error_not_a_stack_overflow()
    {
        var (node, errors) = Read(new string('[', 5000) + new string(']', 5000));
        Assert.Null(node);
        Assert.Equal("1:66: nesting is deeper than 64 levels", Assert.Single(errors));
    }

    [Fact]
    public void A_second_document_is_an_error()
    {
        var (_, errors) = Read("a: 1\n---\nb: 2\n");
        Assert.Equal("2:1: only one YAML document per file is allowed (found a second '---')", Assert.Single(errors));
    }

    [Fact]
    public void Tags_are_refused_except_str()
    {
        var (node, errors) = Read("a: !!str 5\nb: !thing 6\n");
        Assert.Equal("2:4: YAML tags such as '!thing' are not supported", Assert.Single(errors));
        Assert.True(Scalars.IsString((ScalarNode)((MappingNode)node!).Get("a")!));
    }

    [Theory]
    [InlineData("yes", "string")]
    [InlineData("on", "string")]
    [InlineData("true", "boolean")]
    [InlineData("0x10", "number")]
    [InlineData("1e3", "number")]
    [InlineData(".inf", "number")]
    [InlineData("1_000", "string")]
    [InlineData("~", "null")]
    [InlineData("'5'", "string")]
    public void Plain_scalars_follow_the_yaml_1_2_core_schema(string text, string kind)
    {
        var (node, _) = Read("a: " + text);
        Assert.Equal(kind, Scalars.Kind((ScalarNode)((MappingNode)node!).Get("a")!));
    }
}

namespace ClusterSim.Scenarios.Tests;

public sealed class MalformedScenarioTests
{
    [Fact]
    public void The_base_of_the_malformed_cases_is_itself_valid()
        => Assert.Empty(Fixtures.Errors(MalformedCases.Base, MalformedCases.Folder));

    [Fact]
    public void The_table_holds_at_least_25_malformed_scenarios()
        => Assert.True(MalformedCases.All.Count >= 25, $"only {MalformedCases.All.Count} cases");

    [Theory]
    [MemberData(nameof(MalformedCases.Names), MemberType = typeof(MalformedCases))]
    public void Each_malformed_scenario_gives_its_exact_located_errors(string name)
    {
        var c = MalformedCases.Get(name);
        Assert.Equal(c.Errors, Fixtures.Errors(c.Yaml, MalformedCases.Folder));
    }

    [Fact]
    public void All_errors_of_a_file_come_in_one_pass_sorted_by_position()
    {
        var yaml = MalformedCases.Base
            .Replace("kind: text", "kind: txt")
            .Replace("rate: 10}", "rate: -1}")
            .Replace("    tp: 2", "    tp: 3")
            .Replace("  seed: 1", "  seed: one");
        Assert.Equal(
            [
                "3:11: workloads.chat.kind: 'txt' is not one of text, video, avatar; did you mean 'text'?",
                "5:36: workloads.chat.arrival.rate: must be greater than 0, got -1",
                "16:9: deployments.serve.tp: tp 3 does not divide the 32 attention heads of 'small-llm'",
                "20:9: run.seed: expected an integer, got 'one'",
            ],
            Fixtures.Errors(yaml, MalformedCases.Folder));
    }

    [Fact]
    public void A_missing_file_is_an_error_about_the_whole_file()
    {
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load("no/such/scenario.yaml"));
        Assert.Equal("no/such/scenario.yaml: file not found", Assert.Single(ex.Errors).ToString());
    }

    [Fact]
    public void Errors_print_as_file_line_column_message()
    {
        var ex = Assert.Throws<ScenarioException>(() =>
            ScenarioLoader.Parse(MalformedCases.Base.Replace("    tp: 2", "    tp: 0"), "my/scenario.yaml", null, null, Fixtures.Catalog));
        Assert.Equal("my/scenario.yaml:16:9: deployments.serve.tp: must be at least 1, got 0", Assert.Single(ex.Errors).ToString());
    }
}

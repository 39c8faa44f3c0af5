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
                "3:11: workloads.chat.kind: 'txt' is not one of text, video, avatar, image; did you mean 'text'?",
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
    public void A_clash_between_an_override_and_its_catalog_entry_is_reported_in_the_scenario()
    {
        // tdp_w (line 3 here) must exceed the catalog's idle_w (line 8 of the fixture catalog): the error belongs
        // where the user wrote something, whichever of the two files has the later line.
        var yaml = "hardware:\n  accelerators:\n    capped: {from: gpu-80, tdp_w: 50}\n  nodes:\n    dgx: {count: 2, accelerator: gpu-80, per_node: 8}\n"
                   + MalformedCases.Base.Replace("hardware:\n  nodes:\n    dgx: {count: 2, accelerator: gpu-80, per_node: 8}\n", "");
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(yaml, "test.yaml", null, null, Fixtures.Catalog));
        Assert.Equal("test.yaml:3:35: hardware.accelerators.capped: 'tdp_w' (50) must be greater than 'idle_w' (70)", Assert.Single(ex.Errors).ToString());

        // The same clash made by --set is reported at the --set, read after the file and the catalog.
        var viaSet = yaml.Replace("{from: gpu-80, tdp_w: 50}", "{from: gpu-80}");
        ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(viaSet, "test.yaml", null, ["hardware.accelerators.capped.tdp_w=50"], Fixtures.Catalog));
        Assert.Equal(
            "--set hardware.accelerators.capped.tdp_w=50:1:36: hardware.accelerators.capped: 'tdp_w' (50) must be greater than 'idle_w' (70)",
            Assert.Single(ex.Errors).ToString());
    }

    [Fact]
    public void The_default_name_is_the_whole_file_name_even_with_spaces_in_the_path()
    {
        var folder = Path.Combine(Path.GetTempPath(), "clustersim scenario tests");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "my chat.yaml");
        File.WriteAllText(path, MalformedCases.Base);
        Assert.Equal("my chat", ScenarioLoader.Load(path, null, Fixtures.Catalog).Name);
        Assert.Equal("my chat", ScenarioLoader.Parse(MalformedCases.Base, path, null, null, Fixtures.Catalog).Name);

        // A name given in the file wins over the file's.
        Assert.Equal("mine", ScenarioLoader.Parse("name: mine\n" + MalformedCases.Base, path, null, null, Fixtures.Catalog).Name);
    }

    [Fact]
    public void Errors_print_as_file_line_column_message()
    {
        var ex = Assert.Throws<ScenarioException>(() =>
            ScenarioLoader.Parse(MalformedCases.Base.Replace("    tp: 2", "    tp: 0"), "my/scenario.yaml", null, null, Fixtures.Catalog));
        Assert.Equal("my/scenario.yaml:16:9: deployments.serve.tp: must be at least 1, got 0", Assert.Single(ex.Errors).ToString());
    }
}

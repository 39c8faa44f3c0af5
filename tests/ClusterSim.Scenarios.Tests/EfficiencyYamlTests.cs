namespace ClusterSim.Scenarios.Tests;

public sealed class EfficiencyYamlTests
{
    private const string Entry = """
        efficiency:
          h100-sxm/vllm:
            accelerator: h100-sxm
            stack: vllm
            fitted_on: "a test"
            compute_efficiency: 0.5
            memory_efficiency: 0.75
        """;

    [Fact]
    public void Reads_names_provenance_and_factors_in_file_order()
    {
        var entry = Assert.Single(EfficiencyYaml.Parse(new StringReader(Entry), "test.yaml"));

        Assert.Equal(("h100-sxm", "vllm", "a test"), (entry.Accelerator, entry.Stack, entry.FittedOn));
        Assert.Equal([new("compute_efficiency", 0.5), new("memory_efficiency", 0.75)], entry.Values);
        Assert.Equal("test.yaml:3:5", entry.Location);
    }

    [Fact]
    public void An_unknown_field_is_located_and_gets_the_nearest_known_one()
    {
        var text = Entry.Replace("memory_efficiency", "memory_eficiency", StringComparison.Ordinal);

        var error = Assert.Throws<FormatException>(() => EfficiencyYaml.Parse(new StringReader(text), "test.yaml"));

        Assert.Equal("test.yaml:7:5: unknown field 'memory_eficiency'; did you mean 'memory_efficiency'?", error.Message);
    }

    [Fact]
    public void A_factor_that_is_not_a_number_is_located_at_its_value()
    {
        var text = Entry.Replace("0.75", "fast", StringComparison.Ordinal);

        var error = Assert.Throws<FormatException>(() => EfficiencyYaml.Parse(new StringReader(text), "test.yaml"));

        Assert.Equal("test.yaml:7:24: expected a number for 'memory_efficiency', found 'fast'", error.Message);
    }

    /// <summary><paramref name="entry"/> with a value for every factor, written and parsed again.</summary>
    private static EfficiencyEntry WrittenBack(EfficiencyEntry entry)
    {
        var full = entry with { Values = [.. EfficiencyYaml.Fields.Select(f => new KeyValuePair<string, double>(f.Key, 0.5))] };
        var written = new StringWriter();
        EfficiencyYaml.Write(written, [], [full]);
        return Assert.Single(EfficiencyYaml.Parse(new StringReader(written.ToString()), "written"));
    }

    [Fact]
    public void The_precision_an_entry_was_measured_at_is_read_and_written_back()
    {
        var text = Entry.Replace("fitted_on: \"a test\"", "fitted_on: \"a test\"\n    precision: fp8", StringComparison.Ordinal);
        var entry = Assert.Single(EfficiencyYaml.Parse(new StringReader(text), "test.yaml"));
        Assert.Equal("fp8", entry.Precision);
        Assert.Equal("fp8", WrittenBack(entry).Precision);
    }

    [Fact]
    public void The_scheduling_rate_an_entry_was_fitted_at_is_read_and_written_back_and_unstated_is_zero()
    {
        Assert.Equal(0, Assert.Single(EfficiencyYaml.Parse(new StringReader(Entry), "test.yaml")).SchedulerSteps);

        var text = Entry.Replace("fitted_on: \"a test\"", "fitted_on: \"a test\"\n    scheduler_steps: 10", StringComparison.Ordinal);
        var entry = Assert.Single(EfficiencyYaml.Parse(new StringReader(text), "test.yaml"));
        Assert.Equal(10, entry.SchedulerSteps);
        Assert.Equal(10, WrittenBack(entry).SchedulerSteps);
    }

    [Fact]
    public void The_engine_version_an_entry_was_fitted_on_is_read_and_written_back_and_a_bad_one_is_located()
    {
        Assert.Equal("", Assert.Single(EfficiencyYaml.Parse(new StringReader(Entry), "test.yaml")).EngineVersion);

        var text = Entry.Replace("fitted_on: \"a test\"", "fitted_on: \"a test\"\n    engine_version: \"0.6.0\"", StringComparison.Ordinal);
        var entry = Assert.Single(EfficiencyYaml.Parse(new StringReader(text), "test.yaml"));
        Assert.Equal("0.6.0", entry.EngineVersion);
        Assert.Equal("0.6.0", WrittenBack(entry).EngineVersion);

        var bad = Assert.Throws<FormatException>(() => EfficiencyYaml.Parse(new StringReader(text.Replace("\"0.6.0\"", "six", StringComparison.Ordinal)), "test.yaml"));
        Assert.Equal("test.yaml:6:21: 'six' is not valid for 'engine_version': " + Policies.EngineVersions.PatternHint, bad.Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("2.5")]
    [InlineData("often")]
    public void A_scheduling_rate_that_is_not_a_whole_number_of_steps_is_located_at_its_value(string steps)
    {
        var text = Entry.Replace("fitted_on: \"a test\"", $"fitted_on: \"a test\"\n    scheduler_steps: {steps}", StringComparison.Ordinal);

        var error = Assert.Throws<FormatException>(() => EfficiencyYaml.Parse(new StringReader(text), "test.yaml"));

        Assert.StartsWith($"test.yaml:6:22: expected a whole number of 1 or more for 'scheduler_steps'", error.Message);
        Assert.EndsWith($"found '{steps}'", error.Message);
    }

    [Fact]
    public void An_unknown_precision_is_located_at_its_value()
    {
        var text = Entry.Replace("fitted_on: \"a test\"", "fitted_on: \"a test\"\n    precision: fp12", StringComparison.Ordinal);

        var error = Assert.Throws<FormatException>(() => EfficiencyYaml.Parse(new StringReader(text), "test.yaml"));

        Assert.Equal("test.yaml:6:16: precision 'fp12' is not one of fp32, fp16, bf16, fp8, int8, int4, fp4, mxfp4", error.Message);
    }

    [Fact]
    public void Writing_an_entry_without_every_factor_is_refused_rather_than_writing_a_partial_file()
    {
        var entry = Assert.Single(EfficiencyYaml.Parse(new StringReader(Entry), "test.yaml"));

        var error = Assert.Throws<ArgumentException>(() => EfficiencyYaml.Write(new StringWriter(), [], [entry]));

        Assert.Contains("has no value for 'compute_saturation_tokens'", error.Message);
    }
}

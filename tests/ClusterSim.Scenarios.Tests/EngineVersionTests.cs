using ClusterSim.Scenarios.Policies;

namespace ClusterSim.Scenarios.Tests;

/// <summary>
/// A deployment's engine_version tells vLLM's engine generation, V0 or V1, by the releases' own history: V1 became the
/// default in vLLM 0.8.0 (its release notes), and only V0 has multi-step scheduling (V1 rejects num_scheduler_steps).
/// </summary>
public sealed class EngineVersionTests
{
    [Theory]
    [InlineData("0.4.3", 1, EngineGeneration.V0)]
    [InlineData("0.6.4", 1, EngineGeneration.V0)]
    [InlineData("0.7.3", 1, EngineGeneration.V0)]
    [InlineData("0.8.0", 1, EngineGeneration.V1)]
    [InlineData("0.10.2", 1, EngineGeneration.V1)]
    [InlineData("0.10", 1, EngineGeneration.V1)]
    [InlineData("1.0.1+cu129", 1, EngineGeneration.V1)]
    [InlineData("v0", 1, EngineGeneration.V0)]
    [InlineData("V1", 1, EngineGeneration.V1)]
    // A release of V1's time scheduling several steps a round runs V0 (VLLM_USE_V1=0): AMD's v5.1 harness on vLLM 0.9.1.
    [InlineData("0.9.1", 19, EngineGeneration.V0)]
    // No version: the rounds alone can say V0; one step a round says nothing.
    [InlineData("", 10, EngineGeneration.V0)]
    [InlineData("", 1, EngineGeneration.Unknown)]
    public void A_vllm_version_gives_its_engine_generation(string version, int steps, EngineGeneration expected)
        => Assert.Equal(expected, EngineVersions.Generation("vllm", version, steps));

    [Fact]
    public void Other_engines_have_no_generation()
    {
        Assert.Equal(EngineGeneration.Unknown, EngineVersions.Generation("sglang", "0.3.0", 1));
        Assert.Equal(EngineGeneration.Unknown, EngineVersions.Generation("trtllm-fp8", "0.6.0", 1));
        Assert.Equal(EngineGeneration.V0, EngineVersions.Generation("vllm-rocm", "0.6.0", 1));
    }

    [Fact]
    public void A_scenario_writes_it_on_the_execution_model_and_a_quoted_short_version_stays_text()
    {
        var s = ScenarioLoader.Parse(MalformedCases.Base, "test.yaml", MalformedCases.Folder,
            ["execution_model={name: roofline, stack: vllm, engine_version: \"0.10\"}"], Fixtures.Catalog);
        Assert.Equal("0.10", s.Deployments[0].ExecutionModel.GetString("engine_version", ""));
    }

    [Fact]
    public void A_version_that_is_not_one_is_located_and_says_what_is_expected()
    {
        var yaml = MalformedCases.Base + "execution_model: {name: roofline, stack: vllm, engine_version: latest}\n";
        var error = Assert.Single(Fixtures.Errors(yaml, MalformedCases.Folder));
        Assert.EndsWith("execution_model.engine_version: 'latest' is not valid here: " + EngineVersions.PatternHint, error);
        Assert.Matches(@"^\d+:\d+: ", error);
    }

    // An efficiency entry's own engine_version is read, written back and located: EfficiencyYamlTests.
}

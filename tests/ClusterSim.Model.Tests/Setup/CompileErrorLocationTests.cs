using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Setup;

/// <summary>
/// Every refusal the compiler can give for a scenario the loader accepted (a combination the language allows but the
/// model cannot run), one case each, comes out as a <see cref="ScenarioException"/> located at the key it is about.
/// What the loader already refuses (an unknown efficiency stack, factors out of range) is its own tests' business.
/// </summary>
public sealed class CompileErrorLocationTests
{
    /// <summary>Scenario file, overrides, where the error must point (file and the text at that line) and what it must say.</summary>
    public sealed record Case(string Name, string File, string[] Sets, string At, string Says);

    public static IReadOnlyList<Case> Cases { get; } =
    [
        new("autoscaling beyond the deployment", "default.yaml", ["policies.autoscaling={name: threshold, scale_up_at: 2, scale_down_at: 1, max_replicas: 9}"],
            "--set policies.autoscaling=", "max_replicas 9"),
        new("autoscaling beyond the deployment, in the file", "default.yaml", ["deployments.llama-8b.policies={autoscaling: {name: threshold, scale_up_at: 2, scale_down_at: 1, max_replicas: 9}}"],
            "--set deployments.llama-8b.policies=", "max_replicas 9"),
        new("beam search on a model with local-attention layers", "default.yaml",
            ["models.m={from: llama-3.1-8b, local_attention: {kind: sliding, window: 512}}", "workloads.chat.model=m", "deployments.llama-8b.model=m", "workloads.chat.beam_width=4"],
            "--set workloads.chat.beam_width=", "beam search (beam_width 4) is not modelled"),
        new("site power cap below idle power", "default.yaml", ["facility.power_cap.site_kw=0.5"],
            "--set facility.power_cap.site_kw=", "below the cluster's idle power"),
        new("outside temperature file that is not a temperature table", "default.yaml", ["facility.outside_temp={kind: file, file: default.yaml}"],
            "--set facility.outside_temp=", "expected a time in seconds"),
        new("video DiT split by pipeline stages", "video-farm.yaml", ["deployments.wan-14b.pp=2", "deployments.wan-14b.replicas=2"],
            "video-farm.yaml:  wan-14b:", "pipeline parallelism of a video DiT is not modelled"),
    ];

    public static TheoryData<string> Names() => [.. Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void Compile_refusal_is_located_at_the_key_it_is_about(string name)
    {
        var c = Cases.Single(x => x.Name == name);
        var scenario = ScenarioLoader.Load(RepoPaths.File("scenarios", c.File), c.Sets);
        var ex = Assert.Throws<ScenarioException>(() => ScenarioCompiler.Compile(scenario));
        var error = Assert.Single(ex.Errors);
        Assert.Contains(c.Says, error.Message);
        Assert.True(error.Line > 0 && error.Column > 0, $"unlocated: {error}");

        // The place named: a --set argument by its text, a file by the line it points at.
        var (file, text) = c.At.Split(':', 2) is [var f, var t] && !c.At.StartsWith("--set", StringComparison.Ordinal) ? (f, t) : (c.At, "");
        if (text.Length == 0)
        {
            Assert.StartsWith(file, error.File);
        }
        else
        {
            Assert.EndsWith(file, error.File);
            Assert.Equal(text, File.ReadAllLines(RepoPaths.File("scenarios", c.File))[error.Line - 1]);
        }
    }

    [Fact]
    public void A_scenario_built_in_code_is_refused_at_the_whole_scenario()
    {
        // No file, no locations: the error names the scenario and says so (line 0), rather than inventing a place.
        var loaded = ScenarioLoader.LoadDefault(["policies.autoscaling={name: threshold, scale_up_at: 2, scale_down_at: 1, max_replicas: 9}"]);
        var scenario = loaded with { Locations = ScenarioLocations.None };
        var error = Assert.Single(Assert.Throws<ScenarioException>(() => ScenarioCompiler.Compile(scenario)).Errors);
        Assert.Equal(("default", 0), (error.File, error.Line));
    }
}

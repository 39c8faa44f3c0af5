namespace ClusterSim.Scenarios.Tests;

public sealed class OverrideTests
{
    private static Scenario Load(params string[] sets)
        => ScenarioLoader.Parse(MalformedCases.Base, "test.yaml", MalformedCases.Folder, sets, Fixtures.Catalog);

    [Fact]
    public void Set_changes_a_value_before_it_is_checked()
    {
        var s = Load("run.seed=7", "workloads.chat.arrival.rate=30", "run.warmup=5s");
        Assert.Equal(7, s.Run.Seed);
        Assert.Equal(30, ((PoissonArrival)s.Workloads[0].Arrival).Rate);
        Assert.Equal(5, s.Run.WarmupSeconds);
    }

    [Fact]
    public void Set_reaches_named_entries_by_position_or_by_name()
    {
        var s = Load("deployments[0].replicas=2", "deployments[serve].tp=4");
        Assert.Equal((4, 2), (s.Deployments[0].Tp, s.Deployments[0].Replicas));
    }

    [Fact]
    public void Set_takes_yaml_values_such_as_a_whole_mapping()
    {
        var s = Load("workloads.chat.arrival={kind: gamma, rate: 5, cv: 2}", "workloads.chat.prompt_tokens=[1]".Replace("[1]", "128"));
        Assert.Equal(new GammaArrival(5, 2), s.Workloads[0].Arrival);
        Assert.Equal(new ConstantDistribution(128), ((TextWorkloadSpec)s.Workloads[0]).PromptTokens);
    }

    [Fact]
    public void Set_gives_a_parameter_to_a_policy_named_by_its_default_or_by_name_alone()
    {
        // The execution model is left at its default (roofline); batching is given by name alone.
        var byDefault = Load("execution_model.step_scale=1.5");
        Assert.Equal(("roofline", 1.5), (byDefault.Deployments[0].ExecutionModel.Name, byDefault.Deployments[0].ExecutionModel.GetDouble("step_scale")));

        var yaml = MalformedCases.Base.Replace("run:\n", "execution_model: roofline\npolicies:\n  batching: chunked_prefill\nrun:\n");
        var byName = ScenarioLoader.Parse(yaml, "test.yaml", null, ["execution_model.stack=trtllm-fp8", "policies.batching.token_budget=512"], Fixtures.Catalog);
        Assert.Equal(("roofline", "trtllm-fp8"), (byName.Deployments[0].ExecutionModel.Name, byName.Deployments[0].ExecutionModel.GetString("stack", "")));
        Assert.Equal(("chunked_prefill", 512.0), (byName.Policies.Batching.Name, byName.Policies.Batching.GetDouble("token_budget")));
    }

    [Fact]
    public void Set_of_a_policy_parameter_a_deployment_inherits_is_not_given_the_schemas_default_name()
    {
        // The deployment inherits the scenario's batching (chunked_prefill here): filling in the schema's default
        // (continuous) would change its policy behind the user's back, so the set must name the policy itself.
        var yaml = MalformedCases.Base.Replace("run:\n", "policies:\n  batching: chunked_prefill\nrun:\n");
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(yaml, "test.yaml", null, ["deployments.serve.policies.batching.token_budget=512"], Fixtures.Catalog));
        Assert.Contains("missing required key 'name'", e.Message);
        var named = ScenarioLoader.Parse(yaml, "test.yaml", null, ["deployments.serve.policies.batching={name: chunked_prefill, token_budget: 512}"], Fixtures.Catalog);
        Assert.Equal(512.0, named.Deployments[0].Policies.Batching.GetDouble("token_budget"));
    }

    [Fact]
    public void Set_of_a_parameter_the_named_policy_lacks_is_an_error_that_names_its_keys()
    {
        var e = Assert.Throws<ScenarioException>(() => Load("policies.batching.token_budget=512"));
        Assert.Contains("unknown key 'token_budget' in 'policies.batching'", e.Message);
    }

    [Fact]
    public void Set_takes_a_whole_list()
    {
        var s = Load("run.outputs=[summary, report]");
        Assert.Equal([RunOutput.Summary, RunOutput.Report], s.Run.Outputs);
    }

    [Fact]
    public void Set_replaces_one_item_of_a_list_the_file_gives()
    {
        var yaml = MalformedCases.Base.Replace("  seed: 1\n", "  seed: 1\n  outputs: [summary, requests]\n");
        var s = ScenarioLoader.Parse(yaml, "test.yaml", null, ["run.outputs[1]=timeseries"], Fixtures.Catalog);
        Assert.Equal([RunOutput.Summary, RunOutput.Timeseries], s.Run.Outputs);
    }

    [Fact]
    public void Set_through_a_yaml_alias_changes_only_the_place_it_names()
    {
        var yaml = MalformedCases.Base
            .Replace("arrival: {kind: poisson, rate: 10}", "arrival: &arr {kind: poisson, rate: 10}")
            .Replace("    slo: {ttft: 500ms, tpot: 50ms}\n",
                "    slo: {ttft: 500ms, tpot: 50ms}\n  chat2:\n    kind: text\n    model: small-llm\n    arrival: *arr\n    prompt_tokens: 100\n    output_tokens: 10\n");
        double Rate(Scenario s, string name) => ((PoissonArrival)s.Workloads.Single(w => w.Name == name).Arrival).Rate;

        var plain = ScenarioLoader.Parse(yaml, "test.yaml", null, null, Fixtures.Catalog);
        Assert.Equal((10.0, 10.0), (Rate(plain, "chat"), Rate(plain, "chat2")));

        var set = ScenarioLoader.Parse(yaml, "test.yaml", null, ["workloads.chat2.arrival.rate=99"], Fixtures.Catalog);
        Assert.Equal((10.0, 99.0), (Rate(set, "chat"), Rate(set, "chat2")));

        var other = ScenarioLoader.Parse(yaml, "test.yaml", null, ["workloads.chat.arrival.rate=7"], Fixtures.Catalog);
        Assert.Equal((7.0, 10.0), (Rate(other, "chat"), Rate(other, "chat2")));
    }

    [Fact]
    public void Set_creates_sections_the_file_leaves_out()
    {
        var s = Load("facility.cooling.kind=liquid", "policies.batching={name: chunked_prefill, token_budget: 1024}");
        Assert.Equal(CoolingKind.Liquid, s.Facility.Cooling.Kind);
        Assert.Equal(1.15, s.Facility.Cooling.Pue);
        Assert.Equal(1024, s.Policies.Batching.GetDouble("token_budget"));
    }

    [Fact]
    public void Set_matches_names_that_contain_dots()
    {
        var yaml = MalformedCases.Base + "models:\n  my.llm: {from: small-llm}\n";
        var s = ScenarioLoader.Parse(yaml, "test.yaml", null, ["models.my.llm.weight_precision=fp8", "models[my.llm].kv_precision=fp8"], Fixtures.Catalog);
        var model = (LlmModelSpec)s.Model("my.llm");
        Assert.Equal((Precision.Fp8, Precision.Fp8), (model.WeightPrecision, model.KvPrecision));
    }

    [Theory]
    [InlineData("run.sedd=7", "--set run.sedd=7:1:5: unknown key 'sedd' in 'run'; did you mean 'seed'?")]
    [InlineData("workloads.chta.arrival.rate=3", "--set workloads.chta.arrival.rate=3:1:11: no workload 'chta' in 'workloads'; did you mean 'chat'?")]
    [InlineData("run.seed=abc", "--set run.seed=abc:1:10: run.seed: expected an integer, got 'abc'")]
    [InlineData("run.seed", "--set run.seed:1:1: expected PATH=VALUE, for example run.seed=7 or workloads.chat.arrival.rate=30")]
    [InlineData("deployments[3].tp=2", "--set deployments[3].tp=2:1:12: 'deployments' has 1 entries; there is no [3]")]
    [InlineData("run.seed.value=3", "--set run.seed.value=3:1:10: 'run.seed' is '1', not a mapping: set it whole, e.g. --set run.seed={...}")]
    [InlineData("deployments.serve.replicas=9", "--set deployments.serve.replicas=9:1:28: deployments.serve.replicas: node group 'dgx' has 16 accelerators (2 nodes x 8) but its deployments need 18 (serve: 9 x tp 2 x pp 1 = 18)")]
    [InlineData("run.outputs[0]=report", "--set run.outputs[0]=report:1:12: 'run.outputs' is not given, so it has no [0]: set it whole, e.g. --set run.outputs=[...]")]
    [InlineData("[0]=1", "--set [0]=1:1:1: the top level is a mapping: name a key instead of [0]")]
    [InlineData("run[0]=1", "--set run[0]=1:1:4: 'run' is a mapping: name a key instead of [0]")]
    [InlineData("run.max_batch=1e10", "--set run.max_batch=1e10:1:5: unknown key 'max_batch' in 'run'; expected one of: duration, requests, max_in_flight, warmup, seed, replications, outputs, out_dir")]
    [InlineData("deployments.serve.max_batch=1e10", "--set deployments.serve.max_batch=1e10:1:29: deployments.serve.max_batch: must be at most 2147483647, got 1e10")]
    [InlineData("workloads.chat.arrival.rate={a: 1", "--set workloads.chat.arrival.rate={a: 1:1:34: invalid YAML: While parsing a flow mapping, did not find expected ',' or '}'.")]
    public void A_bad_set_is_a_located_error(string set, string expected)
    {
        var ex = Assert.Throws<ScenarioException>(() => Load(set));
        Assert.Equal(expected, Assert.Single(ex.Errors).ToString());
    }

    [Fact]
    public void Set_errors_come_after_the_file_errors()
    {
        var yaml = MalformedCases.Base.Replace("    tp: 2", "    tp: 0");
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(yaml, "test.yaml", null, ["run.sedd=1"], Fixtures.Catalog));
        Assert.Equal(
            ["test.yaml:16:9: deployments.serve.tp: must be at least 1, got 0", "--set run.sedd=1:1:5: unknown key 'sedd' in 'run'; did you mean 'seed'?"],
            ex.Errors.Select(e => e.ToString()));
    }
}

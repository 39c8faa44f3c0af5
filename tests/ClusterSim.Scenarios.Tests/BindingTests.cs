namespace ClusterSim.Scenarios.Tests;

public sealed class BindingTests
{
    private static Scenario Load(string yaml, params string[] sets)
        => ScenarioLoader.Parse(yaml, "test.yaml", MalformedCases.Folder, sets, Fixtures.Catalog);

    private static Scenario Base(params string[] sets) => Load(MalformedCases.Base, sets);

    [Fact]
    public void Lognormal_parameters_reproduce_the_mean_and_cv()
    {
        var d = (LognormalDistribution)((TextWorkloadSpec)Base().Workloads[0]).PromptTokens!;
        Assert.Equal(Math.Sqrt(Math.Log(2)), d.Sigma, 12);
        Assert.Equal(Math.Log(500) - Math.Log(2) / 2, d.Mu, 12);

        // Moments of a lognormal: mean = exp(mu + sigma^2 / 2), cv = sqrt(exp(sigma^2) - 1).
        Assert.Equal(500, Math.Exp(d.Mu + d.Sigma * d.Sigma / 2), 9);
        Assert.Equal(1.0, Math.Sqrt(Math.Exp(d.Sigma * d.Sigma) - 1), 12);
    }

    [Fact]
    public void Diurnal_rate_has_the_given_peak_to_trough_ratio_and_mean()
    {
        var s = Base("workloads.chat.arrival={kind: diurnal, mean_rate: 10, peak_to_trough: 4, period: 1h, peak_at: 15m}");
        var a = (DiurnalArrival)s.Workloads[0].Arrival;
        Assert.Equal(4, a.RateAt(900) / a.RateAt(900 + 1800), 9);
        var mean = Enumerable.Range(0, 3600).Average(t => a.RateAt(t + 0.5));
        Assert.Equal(10, mean, 6);
    }

    [Fact]
    public void Diurnal_peak_defaults_to_half_the_period()
    {
        var a = (DiurnalArrival)Base("workloads.chat.arrival={kind: diurnal, mean_rate: 1, peak_to_trough: 2}").Workloads[0].Arrival;
        Assert.Equal((86400.0, 43200.0), (a.PeriodSeconds, a.PeakAtSeconds));
    }

    [Fact]
    public void Mmpp_mean_rate_weights_the_two_states_by_their_time()
    {
        var a = (MmppArrival)Base("workloads.chat.arrival={kind: mmpp, rate: 1, burst_rate: 10, burst_every: 90s, burst_length: 10s}").Workloads[0].Arrival;
        Assert.Equal((1 * 90 + 10 * 10) / 100.0, a.MeanRate!.Value, 12);
    }

    [Theory]
    // small-llm: 8e9 parameters x 2 bytes (bf16) = 16e9 bytes; memory_fraction 0.5 -> the accelerator needs
    // 32e9 bytes = 29.8 GiB (catalog memory is binary: JEDEC).
    [InlineData(30.0, true)]
    [InlineData(29.0, false)]
    public void Weights_must_fit_the_share_of_memory_the_server_may_use(double hbmGb, bool fits)
    {
        var yaml = MalformedCases.Base
            .Replace("accelerator: gpu-80", "accelerator: mine")
            .Replace("  nodes:\n", $"  accelerators:\n    mine: {{from: gpu-80, hbm_gb: {hbmGb}}}\n  nodes:\n")
            .Replace("    tp: 2\n    replicas: 4\n", "    tp: 1\n    memory_fraction: 0.5\n");
        var errors = Fixtures.Errors(yaml, MalformedCases.Folder);
        Assert.Equal(fits, errors.Count == 0);
        if (!fits)
        {
            Assert.Equal(
                "18:9: deployments.serve.tp: the bf16 weights of 'small-llm' need 16 GB but tp 1 x pp 1 x 29 GiB (mine) x memory_fraction 0.5 holds 15.6 GB; raise tp or pp, or use a smaller weight_precision",
                Assert.Single(errors));
        }
    }

    [Theory]
    [InlineData(8, true)]
    [InlineData(9, false)]
    public void Deployments_may_use_every_accelerator_of_their_group_but_no_more(int replicas, bool fits)
        => Assert.Equal(fits, Fixtures.Errors(MalformedCases.Base.Replace("replicas: 4", $"replicas: {replicas}"), MalformedCases.Folder).Count == 0);

    [Fact]
    public void An_override_changes_one_nested_figure_and_keeps_the_rest()
    {
        var yaml = MalformedCases.Base
            .Replace("accelerator: gpu-80", "accelerator: tuned")
            .Replace("  nodes:\n", "  accelerators:\n    tuned: {from: gpu-80, tflops: {fp8: 1500}, tdp_w: 500}\n  nodes:\n");
        var a = Load(yaml).Accelerator("tuned");
        Assert.Equal(1500, a.Tflops[Precision.Fp8]);
        Assert.Equal(1000, a.Tflops[Precision.Bf16]);
        Assert.Equal((500.0, 80.0, 70.0), (a.TdpW, a.HbmGb, a.IdleW!.Value));
        Assert.Equal(LinkKind.Nvlink4, a.ScaleUp!.Kind);
    }

    [Fact]
    public void A_catalog_key_alone_names_a_model_under_a_new_name()
    {
        var yaml = MalformedCases.Base.Replace("model: small-llm", "model: mine") + "models:\n  mine: small-llm\n";
        var m = (LlmModelSpec)Load(yaml).Model("mine");
        Assert.Equal(("mine", "Small LLM", 32), (m.Key, m.Name, m.Layers));
    }

    [Fact]
    public void Policies_get_their_defaults_and_durations_in_seconds()
    {
        var s = Base("policies.batching={name: static, max_batch: 4, timeout: 50ms}");
        Assert.Equal("least_outstanding", s.Policies.Routing.Name);
        Assert.Equal(0.05, s.Policies.Batching.GetDouble("timeout"), 12);
        Assert.Equal(4, s.Policies.Batching.GetDouble("max_batch"));
        Assert.Equal("recompute", s.Policies.Preemption.Name);
        Assert.Equal("roofline", s.ExecutionModel.Name);
        Assert.Same(s.Policies, s.Deployments[0].Policies);
        Assert.Equal(2048, Base("policies.batching=chunked_prefill").Policies.Batching.GetDouble("token_budget"));
        var dynamic = Base("policies.batching=dynamic").Policies.Batching;
        Assert.Equal((32.0, 0.01), (dynamic.GetDouble("max_batch"), dynamic.GetDouble("max_wait")));
        Assert.Equal(8, Base("policies.routing=prefix_aware").Policies.Routing.GetDouble("load_slack"));
    }

    [Fact]
    public void A_dotted_policy_name_that_names_no_loaded_type_is_refused_where_it_is_written()
    {
        // Compile could not create it, so validation must not accept it (ClusterSim.Model.Tests/Plugins runs the
        // case where the type exists, parameters and all).
        var yaml = MalformedCases.Base + "\npolicies:\n  routing: {name: My.Lab.Router, temperature: 0.7}\n";
        var error = Assert.Single(Fixtures.Errors(yaml, MalformedCases.Folder));
        Assert.Contains("policies.routing.name: no type 'My.Lab.Router' in the loaded assemblies", error);
        Assert.Contains("ClusterSim.Model.Serving.Routing.IRouter", error);
    }

    [Fact]
    public void Preemption_takes_built_ins_only()
    {
        var yaml = MalformedCases.Base + "\npolicies:\n  preemption: My.Lab.Preemption\n";
        Assert.Contains("'My.Lab.Preemption' is not one of none, recompute, swap", Assert.Single(Fixtures.Errors(yaml, MalformedCases.Folder)));
    }

    [Fact]
    public void Facility_defaults_apply_when_the_scenario_has_none()
    {
        var f = Base().Facility;
        Assert.Equal((CoolingKind.Air, 1.5), (f.Cooling.Kind, f.Cooling.Pue));
        Assert.Equal(0.0806, f.Electricity.PriceAt(0));
        Assert.Equal(new ConstantTemperature(20), f.OutsideTemperature);
        Assert.Equal((CostMode.Own, 4.0), (f.Costs.Mode, f.Costs.LifetimeYears));
    }

    [Fact]
    public void Time_of_use_prices_hold_from_their_start_to_the_next()
    {
        var e = Base("facility.electricity={kind: time_of_use, periods: [{start: 0h, usd_per_kwh: 0.05}, {start: 16h, usd_per_kwh: 0.2}]}").Facility.Electricity;
        Assert.Equal(0.05, e.PriceAt(15.99 * 3600));
        Assert.Equal(0.2, e.PriceAt(16 * 3600));
        Assert.Equal(0.05, e.PriceAt(86400 + 3600));
    }

    [Fact]
    public void A_class_pinned_to_a_deployment_of_another_model_is_an_error()
    {
        var yaml = MalformedCases.Base.Replace("    slo: {ttft: 500ms, tpot: 50ms}\n", "    slo: {ttft: 500ms, tpot: 50ms}\n    deployments: [serve]\n")
            .Replace("kind: text\n    model: small-llm", "kind: text\n    model: big-llm");
        Assert.Equal(["9:19: workloads.chat.deployments[0]: deployment 'serve' serves 'small-llm', not 'big-llm'"], Fixtures.Errors(yaml, MalformedCases.Folder));
    }

    [Fact]
    public void Video_and_avatar_classes_take_their_model_defaults()
    {
        var s = Load(Fixtures.VideoAndAvatar);
        var clip = (VideoWorkloadSpec)s.Workloads[0];
        Assert.Equal((new Resolution(832, 480), 16.0, 20), (clip.Resolution, clip.Fps, clip.Steps));
        Assert.Equal(new ConstantDistribution(5), clip.Seconds);
        var face = (AvatarWorkloadSpec)s.Workloads[1];
        Assert.Equal((25.0, new Resolution(256, 256)), (face.Fps, face.Resolution));
        Assert.Equal(new ClosedLoopArrival(3, new ConstantDistribution(10)), face.Arrival);
        Assert.Null(s.Run.DurationSeconds);
        Assert.Equal(100, s.Run.Requests);
    }

    [Theory]
    // what the deployment adds, the error expected (line:col: message)
    [InlineData("    attention: dp\n",
        "16:16: deployments.serve.attention: attention dp spreads the experts over all 16 ranks, but 16 does not divide the 8 routed experts of 'mixtral-8x7b': each rank holds an equal share of whole experts")]
    [InlineData("    attention: dp\n    ep: 2\n",
        "17:9: deployments.serve.ep: ep 2 with attention dp: the routed experts spread over every rank of the group, so ep is tp (16); drop ep")]
    [InlineData("    ep: 16\n",
        "16:9: deployments.serve.ep: ep 16 does not divide the 8 routed experts of 'mixtral-8x7b': each rank holds an equal share of whole experts")]
    public void Expert_parallel_layouts_the_experts_cannot_fill_are_refused_where_written(string extra, string expected)
    {
        // The real catalog's Mixtral-8x7B: 8 routed experts, 32 heads, 8 key/value heads; tp 16 splits its attention.
        var yaml = Mixtral(16, extra);
        Assert.Equal(expected, Refusal(yaml));
    }

    [Theory]
    // what the deployment adds (Mixtral-8x7B on tp 8: 8 experts, 2 a token), the error expected (line:col: message)
    [InlineData("    ep: 8\n    expert_load: {cv: 0.5, hottest: 5}\n",
        "17:37: deployments.serve.expert_load.hottest: hottest 5 is more than 4: with 8 experts and 2 a token, an expert receives each token at most once, so at most experts / active_experts times the mean")]
    [InlineData("    ep: 8\n    expert_load: {cv: 2}\n",
        "17:23: deployments.serve.expert_load.cv: cv 2 is more than 1.732, the most 8 experts with 2 a token can vary (sqrt(experts / active_experts - 1), when 2 of them take every token)")]
    [InlineData("    ep: 8\n    expert_load: {cv: 0.1, hottest: 2}\n",
        "17:23: deployments.serve.expert_load.cv: cv 0.1 is less than 0.378, the least spread a hottest expert at 2 times the mean leaves over 8 experts ((hottest - 1) / sqrt(experts - 1), the others equal); one of the two figures is not the measurement's")]
    [InlineData("    ep: 8\n    expert_load: {hottest: 2}\n",
        "17:5: deployments.serve.expert_load: missing required key 'cv'")]
    [InlineData("    expert_load: {cv: 0.5}\n",
        "16:18: deployments.serve.expert_load: expert_load sets how unevenly the routed experts load the ranks they are spread over, but this deployment spreads none (no ep above 1 or attention dp); drop it")]
    [InlineData("    ep: 8\n    expert_lod: {cv: 0.5}\n",
        "17:5: deployments.serve: unknown key 'expert_lod'; did you mean 'expert_load'?")]
    public void A_measured_router_skew_no_top_k_router_can_produce_is_refused_where_written(string extra, string expected)
    {
        Assert.Equal(expected, Refusal(Mixtral(8, extra)));
    }

    [Fact]
    public void A_deployments_measured_router_skew_is_kept_and_a_models_comes_from_its_entry()
    {
        var s = ScenarioLoader.Parse(Mixtral(8, "    ep: 8\n    expert_load: {cv: 0.6, hottest: 2.5}\n"), "test.yaml");
        Assert.Equal((0.6, 2.5), s.Deployments[0].ExpertLoad);
        Assert.Null(ScenarioLoader.Parse(Mixtral(8, "    ep: 8\n"), "test.yaml").Deployments[0].ExpertLoad);

        // The catalog's DeepSeek-R1 carries TensorRT-LLM's measurement (tech blog 4): 164.1 / 128 and 1 + 10.948.
        var deepSeek = (LlmModelSpec)Catalog.Default.Models.Single(m => m.Key == "deepseek-r1");
        Assert.Equal((1.282, 11.948), (deepSeek.Moe!.LoadCv, deepSeek.Moe.HottestLoad));
        Assert.Null(((LlmModelSpec)Catalog.Default.Models.Single(m => m.Key == "mixtral-8x7b")).Moe!.LoadCv);
    }

    [Theory]
    // what the deployment adds (Mixtral-8x7B on tp 8), the error expected (line:col: message)
    [InlineData("    attention: dp\n    expert_exchange: {kind: all_to_al}\n",
        "17:29: deployments.serve.expert_exchange.kind: 'all_to_al' is not one of all_gather, all_to_all; did you mean 'all_to_all'?")]
    [InlineData("    attention: dp\n    expert_exchange: all_to_al\n",
        "17:22: deployments.serve.expert_exchange: 'all_to_al' is not one of all_gather, all_to_all; did you mean 'all_to_all'?")]
    [InlineData("    attention: dp\n    expert_exchange: {dispatch: fp6}\n",
        "17:33: deployments.serve.expert_exchange.dispatch: 'fp6' is not one of fp32, fp16, bf16, fp8, int8, int4, fp4, mxfp4; did you mean 'fp16'?")]
    public void An_expert_exchange_of_an_unknown_kind_or_format_is_refused_where_written(string extra, string expected)
    {
        Assert.Equal(expected, Refusal(Mixtral(8, extra)));
    }

    [Fact]
    public void An_attention_dp_deployment_keeps_the_exchange_it_is_given_and_none_where_none_is_written()
    {
        var gathered = ScenarioLoader.Parse(Mixtral(8, "    attention: dp\n"), "test.yaml").Deployments[0];
        Assert.Equal(((ExpertExchange?)null, (Precision?)null), (gathered.ExpertExchange, gathered.DispatchPrecision));

        var given = ScenarioLoader.Parse(Mixtral(8, "    attention: dp\n    expert_exchange: {kind: all_to_all, dispatch: bf16}\n"), "test.yaml").Deployments[0];
        Assert.Equal(((ExpertExchange?)ExpertExchange.AllToAll, (Precision?)Precision.Bf16), (given.ExpertExchange, given.DispatchPrecision));

        // A plain kind is short for the mapping with that kind alone.
        var shorthand = ScenarioLoader.Parse(Mixtral(8, "    attention: dp\n    expert_exchange: all_to_all\n"), "test.yaml").Deployments[0];
        Assert.Equal(((ExpertExchange?)ExpertExchange.AllToAll, (Precision?)null), (shorthand.ExpertExchange, shorthand.DispatchPrecision));
    }

    /// <summary>Every error the loader reports for <paramref name="yaml"/>, as line:col: message, joined; it must refuse it.</summary>
    private static string Refusal(string yaml)
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(yaml, "test.yaml"));
        return string.Join("; ", error.Errors.Select(e => $"{e.Line}:{e.Column}: {e.Message}"));
    }

    /// <summary>The catalog's Mixtral-8x7B on tp H100s (whole 8-GPU nodes), with <paramref name="extra"/> added to the deployment.</summary>
    private static string Mixtral(int tp, string extra) => $$"""
        workloads:
          chat:
            kind: text
            model: mixtral-8x7b
            arrival: {kind: poisson, rate: 1}
            prompt_tokens: 100
            output_tokens: 10
        hardware:
          nodes:
            hgx: {count: {{tp / 8}}, accelerator: h100-sxm, per_node: 8}
        deployments:
          serve:
            model: mixtral-8x7b
            nodes: hgx
            tp: {{tp}}
        {{extra.TrimEnd('\n')}}

        """ + "run: {duration: 10s}\n";
}

using ClusterSim.Engine.Core;
using ClusterSim.Model.Setup;
using ClusterSim.Model.Tests.Serving.Facility;
using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Policies;

namespace ClusterSim.Model.Tests.Setup;

/// <summary>
/// A deployment's `request_path`: the time between a client and an engine behind its HTTP server that no step contains.
/// It moves each request's first token and its end by exactly that time, leaves the engine's steps as they were, holds a
/// closed-loop user until its answer is back, and the run says which path it took and why.
/// </summary>
public sealed class RequestPathTests
{
    // One request a second, each done in well under a second: the replica is idle when each arrives, so a request's start
    // does not depend on where it falls in a step.
    private const string Yaml = """
        name: request-path-test
        workloads:
          chat:
            kind: text
            model: llama-3.1-8b
            arrival: {kind: constant, rate: 1}
            prompt_tokens: {kind: constant, value: 500}
            output_tokens: {kind: constant, value: 20}
        hardware:
          nodes:
            box: {count: 1, accelerator: h100-sxm, per_node: 1}
        deployments:
          llm: {model: llama-3.1-8b, nodes: box, tp: 1, replicas: 1, max_batch: 64, max_batch_tokens: 2048}
        execution_model: {name: roofline, stack: vllm, engine_version: "0.15.1"}
        run:
          requests: 30
          seed: 5
        """;

    private const string InProcess = "deployments.llm.request_path=in_process";

    [Fact]
    public void An_http_served_engine_adds_the_measured_path_to_each_first_token_and_end_and_nothing_to_its_steps()
    {
        var http = FacilityScenarioKit.Run(Yaml);
        var local = FacilityScenarioKit.Run(Yaml, InProcess);
        var path = SimTime.FromSeconds(EngineDefaults.HttpRequestPathSeconds);
        Assert.Equal(6_910_000, path);

        var a = http.Requests.OrderBy(r => r.Id).ToList();
        var b = local.Requests.OrderBy(r => r.Id).ToList();
        Assert.Equal(30, a.Count);
        Assert.Equal(b.Select(r => r.ArrivalNs), a.Select(r => r.ArrivalNs));        // the clients send at the same times
        Assert.All(a.Zip(b), p =>
        {
            Assert.Equal(p.Second.FirstTokenNs + path, p.First.FirstTokenNs);
            Assert.Equal(p.Second.CompletedNs + path, p.First.CompletedNs);
        });
        Assert.Equal(local.Result.Overall.Tpot.Mean, http.Result.Overall.Tpot.Mean);
    }

    [Fact]
    public void A_measured_latency_stands_in_for_the_engines_and_the_run_names_it()
    {
        var measured = FacilityScenarioKit.Run(Yaml, "deployments.llm.request_path={latency: 12ms}");
        var local = FacilityScenarioKit.Run(Yaml, InProcess);
        Assert.Equal(
            local.TtftSeconds.Select(t => Math.Round(t + 0.012, 9)),
            measured.TtftSeconds.Select(t => Math.Round(t, 9)));
        Assert.Contains(measured.Notes, n => n == "deployment 'llm': request path 12 ms (request_path.latency, as given)");
        Assert.Contains(local.Notes, n => n.Contains("deployment 'llm': request path none (request_path: in_process)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("vllm", true)]
    [InlineData("sglang", true)]
    [InlineData("trtllm-pytorch-fp8", true)]
    [InlineData("trtllm-fp8", false)]
    public void Left_out_the_path_follows_how_the_engine_is_served_and_the_run_says_so(string stack, bool http)
    {
        var run = FacilityScenarioKit.Run(Yaml, $"execution_model={{name: roofline, stack: {stack}}}");
        var note = Assert.Single(run.Notes, n => n.StartsWith("deployment 'llm': no request_path given", StringComparison.Ordinal));
        Assert.Contains(http ? $"6.91 ms (http): stack {stack} is served by its engine's HTTP server" : $"none (in_process): stack {stack} is run in its harness's own process", note);
        var local = FacilityScenarioKit.Run(Yaml, $"execution_model={{name: roofline, stack: {stack}}}", InProcess);
        Assert.Equal(http ? EngineDefaults.HttpRequestPathSeconds : 0, run.TtftSeconds[0] - local.TtftSeconds[0], 9);
    }

    [Fact]
    public void A_closed_loop_user_waits_for_its_answer_to_come_back_before_sending_again()
    {
        // One user, no think time: by Little's law the user is always either waiting or being served, so throughput times
        // the mean time a request is out (path included) is one user. Were the path not held in the loop, it would be more.
        const string Closed = "workloads.chat.arrival={kind: closed, users: 1, think_time: 0s}";
        var meanOutNs = new List<double>();
        foreach (var path in new[] { "{latency: 0.5s}", "in_process" })
        {
            var run = FacilityScenarioKit.Run(Yaml, Closed, $"deployments.llm.request_path={path}");
            var requests = run.Requests.OrderBy(r => r.ArrivalNs).ToList();
            Assert.Equal(30, requests.Count);
            Assert.All(requests.Zip(requests.Skip(1)), p => Assert.Equal(p.First.CompletedNs, p.Second.ArrivalNs));
            var spanNs = requests[^1].CompletedNs - requests[0].ArrivalNs;
            meanOutNs.Add(requests.Average(r => (double)(r.CompletedNs - r.ArrivalNs)));
            Assert.Equal(1.0, requests.Count / (double)spanNs * meanOutNs[^1], 9);
        }

        // Each request is out half a second longer, and so is the one user's every cycle.
        Assert.Equal(SimTime.FromSeconds(0.5), meanOutNs[0] - meanOutNs[1], 3);
    }

    [Fact]
    public void A_workload_entering_deployments_with_different_paths_takes_the_longest_and_says_so()
    {
        var text = Yaml.Replace(
            "  llm: {model: llama-3.1-8b, nodes: box, tp: 1, replicas: 1, max_batch: 64, max_batch_tokens: 2048}",
            "  llm: {model: llama-3.1-8b, nodes: box, tp: 1, replicas: 1, max_batch: 64, max_batch_tokens: 2048}\n" +
            "  local: {model: llama-3.1-8b, nodes: box2, tp: 1, replicas: 1, max_batch: 64, max_batch_tokens: 2048, request_path: in_process}")
            .Replace("    box: {count: 1, accelerator: h100-sxm, per_node: 1}", "    box: {count: 1, accelerator: h100-sxm, per_node: 1}\n    box2: {count: 1, accelerator: h100-sxm, per_node: 1}");
        var run = FacilityScenarioKit.Run(text);
        Assert.Contains(run.Notes, n => n.Contains("workload 'chat': its requests enter deployments with different request paths ('llm' 6.91 ms, 'local' 0 ms); each takes the longest, 6.91 ms", StringComparison.Ordinal));
    }

    [Fact]
    public void A_decode_pool_and_a_video_pool_say_the_path_is_not_theirs()
    {
        // Disaggregated: requests enter by the prefill pool, so its path is the class's; the decode pool's own is not taken.
        const string Split = """
            name: split
            workloads:
              chat: {kind: text, model: llama-3.1-8b, arrival: {kind: constant, rate: 1}, prompt_tokens: 500, output_tokens: 20}
            hardware:
              nodes:
                n: {count: 1, accelerator: h100-sxm, per_node: 8}
            deployments:
              pre: {model: llama-3.1-8b, nodes: n, tp: 1, replicas: 1, role: prefill, request_path: {latency: 10ms}}
              dec: {model: llama-3.1-8b, nodes: n, tp: 1, replicas: 1, role: decode, request_path: {latency: 500ms}}
            execution_model: {name: roofline, stack: vllm}
            run: {requests: 5, seed: 1}
            """;
        var split = ScenarioCompiler.Compile(ScenarioLoader.Parse(Split, "split.yaml", null, null));
        Assert.Equal(SimTime.FromSeconds(0.010), Assert.Single(split.Setup.Classes).RequestPathNs);
        Assert.Contains(split.Notes, n => n == "deployment 'dec': a decode pool: its requests come from a prefill pool, whose request path they have already taken (its own request_path is not applied)");
        Assert.DoesNotContain(split.Notes, n => n.Contains("different request paths", StringComparison.Ordinal));

        // A video pool's latencies are its own kind's: a request_path given to it is named as not applied.
        var video = ScenarioCompiler.Compile(ScenarioLoader.Load(RepoPaths.File("scenarios", "video-farm.yaml"), ["deployments.wan-14b.request_path=http"]));
        Assert.Contains(video.Notes, n => n.StartsWith("deployment 'wan-14b': request_path is not applied to video requests", StringComparison.Ordinal));
    }
}

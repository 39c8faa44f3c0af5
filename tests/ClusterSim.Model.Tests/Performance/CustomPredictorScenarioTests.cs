using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using ClusterSim.Model.Runs;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>A predictor defined in this test project, named in a scenario, runs the simulation.</summary>
public sealed class CustomPredictorScenarioTests
{
    [Fact]
    public void A_predictor_named_in_a_scenario_by_type_is_created_and_times_every_iteration()
    {
        // One replica, one request at a time, one output token: service = prompt tokens x 2 ms exactly.
        var scenario = ScenarioLoader.LoadDefault(
        [
            "execution_model={name: ClusterSim.Model.Tests.Performance.ConstantPredictor, ms_per_token: 2}",
            "deployments.llama-8b.replicas=1", "deployments.llama-8b.max_batch=1",
            "workloads.chat.arrival={kind: constant, rate: 1}",
            "workloads.chat.prompt_tokens=100", "workloads.chat.output_tokens=1",
            "run.duration=10s", "run.warmup=0s",
        ]);
        var compiled = ScenarioCompiler.Compile(scenario);
        Assert.Contains(compiled.Notes, n => n.Contains("a test predictor"));

        var result = ClusterRun.Execute(compiled.Setup with { Seed = 1 });
        var c = result.Classes[0];
        Assert.Equal(10, c.Completed);
        // Nothing queues (1 s apart, 0.2 s each): every E2E is the predictor's 100 x 2 ms.
        Assert.Equal(0.200, c.E2e.ToSummary().Mean, 9);
        Assert.Equal(0.200, c.E2e.ToSummary().P99, 3);
    }
}

using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Setup;

/// <summary>
/// Whether a deployment's engine forms each batch while the step before it runs (batching's schedule_ahead): the stack's
/// own unless the scenario says, and every run where it does says so.
/// </summary>
public sealed class ScheduleAheadDefaultTests
{
    private const string Sglang = "validation/sglang-llama33-70b-4xh200.yaml";

    private static (bool Ahead, IReadOnlyList<string> Notes) Compile(string file, params string[] sets)
    {
        var compiled = ScenarioCompiler.Compile(ScenarioLoader.Load(RepoPaths.File("scenarios", file), sets.ToList()));
        return (Assert.Single(compiled.Setup.Pools).Config.ScheduleAhead, compiled.Notes);
    }

    [Theory]
    // SGLang's overlap scheduler is the default from 0.4 (its 0.4.0 "zero-overhead batch scheduler"); before, it scheduled
    // between steps; no version, no claim.
    [InlineData("execution_model={name: roofline, stack: sglang, engine_version: 0.4.0}", true)]
    [InlineData("execution_model={name: roofline, stack: sglang, engine_version: 0.5.2}", true)]
    [InlineData("execution_model={name: roofline, stack: sglang, engine_version: 0.3.0}", false)]
    [InlineData("execution_model={name: roofline, stack: sglang}", false)]
    // TensorRT-LLM's PyTorch backend runs its overlap scheduler by default; its C++ executor does not. vLLM's V1 engine runs
    // its async scheduling by default from 0.14.0 (pull request 27614), not before, and V0 never.
    [InlineData("execution_model={name: roofline, stack: trtllm-pytorch-fp8}", true)]
    [InlineData("execution_model={name: roofline, stack: trtllm-fp8}", false)]
    [InlineData("execution_model={name: roofline, stack: vllm, engine_version: 0.10.0}", false)]
    [InlineData("execution_model={name: roofline, stack: vllm, engine_version: 0.13.2}", false)]
    [InlineData("execution_model={name: roofline, stack: vllm, engine_version: 0.14.0}", true)]
    [InlineData("execution_model={name: roofline, stack: vllm, engine_version: 0.15.1}", true)]
    [InlineData("execution_model={name: roofline, stack: vllm, engine_version: v1}", false)]
    [InlineData("execution_model={name: roofline, stack: vllm, engine_version: 0.6.4}", false)]
    public void The_engine_decides_where_the_scenario_does_not(string execution, bool expected)
    {
        var (ahead, notes) = Compile(Sglang, execution);
        Assert.Equal(expected, ahead);
        Assert.Equal(expected, notes.Any(n => n.Contains("the engine forms each batch while the step before it runs (schedule_ahead: engine, ", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_scenario_decides_where_it_says_so()
    {
        var (off, offNotes) = Compile(Sglang, "policies.batching={name: continuous, schedule_ahead: off}");
        Assert.False(off);
        Assert.DoesNotContain(offNotes, n => n.Contains("forms each batch", StringComparison.Ordinal));

        var (on, onNotes) = Compile(Sglang, "execution_model={name: roofline, stack: vllm}", "policies.batching={name: continuous, schedule_ahead: on}");
        Assert.True(on);
        Assert.Contains(onNotes, n => n.Contains("(schedule_ahead: on): a request that arrives during a step joins the batch after the next", StringComparison.Ordinal));
    }

    [Fact]
    public void A_vLLM_V1_deployment_before_0_14_says_its_async_scheduling_was_not_the_default()
    {
        // A V1 release before 0.14 scheduled between steps unless started with --async-scheduling: the run says what it took
        // and how to change it; from 0.14 the run says it schedules ahead, and why.
        var (ahead, notes) = Compile(Sglang, "execution_model={name: roofline, stack: vllm, engine_version: 0.10.0}");
        Assert.False(ahead);
        Assert.Contains(notes, n => n.Contains("vLLM V1 (engine_version 0.10.0) forms each batch between steps", StringComparison.Ordinal)
                                    && n.Contains("became the default in 0.14.0", StringComparison.Ordinal)
                                    && n.Contains("schedule_ahead: on where this engine was started with --async-scheduling", StringComparison.Ordinal));
        Assert.Contains(Compile(Sglang, "execution_model={name: roofline, stack: vllm, engine_version: 0.14.1}").Notes,
            n => n.Contains("schedule_ahead: engine, vLLM from 0.14 runs its async scheduling by default (engine_version 0.14.1; pull request 27614)", StringComparison.Ordinal));

        // V0, or vLLM told outright, has nothing to say about it.
        Assert.DoesNotContain(Compile(Sglang, "execution_model={name: roofline, stack: vllm, engine_version: 0.6.4}").Notes,
            n => n.Contains("async scheduling", StringComparison.Ordinal));
        Assert.DoesNotContain(Compile(Sglang, "execution_model={name: roofline, stack: vllm, engine_version: 0.10.0}",
            "policies.batching={name: continuous, schedule_ahead: off}").Notes, n => n.Contains("async scheduling", StringComparison.Ordinal));
    }

    [Fact]
    public void Multi_step_rounds_keep_their_own_admission()
    {
        var (ahead, notes) = Compile(Sglang, "policies.batching={name: continuous, scheduler_steps: 4, schedule_ahead: on}");
        Assert.False(ahead);
        Assert.Contains(notes, n => n.Contains("schedule_ahead is not applied beside multi-step scheduling (scheduler_steps 4)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_setting_the_policy_does_not_take_is_refused_with_its_choices()
    {
        var ex = Assert.Throws<ScenarioException>(() => Compile(Sglang, "policies.batching={name: continuous, schedule_ahead: maybe}"));
        Assert.Contains("schedule_ahead", ex.Message);
        Assert.Contains("engine", ex.Message);
    }
}

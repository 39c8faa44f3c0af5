namespace ClusterSim.Scenarios.Policies;

/// <summary>
/// vLLM's two engines, whose host work a step differs by several times: V0 schedules, prepares inputs and processes
/// outputs in the step's own process, once a scheduling round; V1 (the default from 0.8) moved that work into a process
/// of its own and has no multi-step rounds. <see cref="EngineVersions.Generation"/> reads it from a version.
/// </summary>
public enum EngineGeneration
{
    /// <summary>Not known: no version given, or an engine other than vLLM.</summary>
    Unknown,

    /// <summary>vLLM's V0 engine: every release before 0.8, and 0.8 to 0.10 run with VLLM_USE_V1=0.</summary>
    V0,

    /// <summary>vLLM's V1 engine: the default from 0.8.</summary>
    V1,
}

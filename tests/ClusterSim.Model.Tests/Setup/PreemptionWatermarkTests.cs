using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Setup;

/// <summary>A preemption policy's watermark reaches every replica of its deployment, and only where the policy preempts.</summary>
public sealed class PreemptionWatermarkTests
{
    private const string File = "validation/mlperf50-krai-h200-vllm073-llama2-70b-offline.yaml";

    private static CompiledScenario Compile(params string[] sets)
        => ScenarioCompiler.Compile(ScenarioLoader.Load(RepoPaths.File("scenarios", File), sets));

    [Fact]
    public void The_vLLM_V0_files_keep_one_percent_of_the_blocks_free_and_the_plain_policy_keeps_none()
    {
        Assert.Equal(0.01, Compile().Setup.Pools[0].Config.AdmissionWatermark);
        Assert.Equal(0.0, Compile("policies.preemption=recompute").Setup.Pools[0].Config.AdmissionWatermark);
        Assert.Equal(0.05, Compile("policies.preemption={name: swap, watermark: 0.05}").Setup.Pools[0].Config.AdmissionWatermark);
    }

    [Fact]
    public void A_watermark_where_nothing_is_preempted_past_half_the_cache_or_misspelt_is_refused_at_its_key_with_a_hint()
    {
        var none = Assert.Throws<ScenarioException>(() => Compile("policies.preemption={name: none, watermark: 0.01}"));
        Assert.Contains("watermark", none.Message);
        Assert.Contains(":1:34: policies.preemption: 'watermark' does not apply to name 'none' (it belongs to name recompute, swap)", none.Message);
        var wide = Assert.Throws<ScenarioException>(() => Compile("policies.preemption={name: recompute, watermark: 0.6}"));
        Assert.Contains("watermark", wide.Message);
        Assert.Contains(":1:50: policies.preemption.watermark: must be at most 0.5, got 0.6", wide.Message);
        var misspelt = Assert.Throws<ScenarioException>(() => Compile("policies.preemption={name: recompute, watermrak: 0.1}"));
        Assert.Contains("unknown key 'watermrak'; did you mean 'watermark'?", misspelt.Message);
    }
}

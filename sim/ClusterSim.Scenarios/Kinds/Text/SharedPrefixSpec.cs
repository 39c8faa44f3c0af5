namespace ClusterSim.Scenarios;

/// <summary>
/// A text workload's prompts taken from a fixed pool that requests reuse, each group of prompts opening with one system
/// prompt (`shared_prefix`): inference-perf's shared_prefix data and SGLang's generated-shared-prefix benchmark.
/// </summary>
/// <param name="Groups">Groups of prompts, each with its own system prompt (inference-perf's num_groups).</param>
/// <param name="PromptsPerGroup">Prompts in each group (num_prompts_per_group).</param>
/// <param name="SystemTokens">Tokens of each group's system prompt (system_prompt_len).</param>
/// <param name="RandomOrder">Each request takes a pool prompt at random; false: the shuffled pool in order, cycling, as inference-perf does.</param>
public sealed record SharedPrefixSpec(int Groups, int PromptsPerGroup, int SystemTokens, bool RandomOrder);

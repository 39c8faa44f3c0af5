using ClusterSim.Engine.Randomness;
using ClusterSim.Model.Workloads.Prompts;
using ClusterSim.Model.Workloads.Sizes;

namespace ClusterSim.Model.Tests.Workloads;

/// <summary>
/// The shared-prefix prompt pool (inference-perf's shared_prefix data): a fixed pool that requests cycle through, whose
/// prompts carry one id per full prefix block, equal where the tokens up to that block's end are equal.
/// </summary>
public sealed class SharedPrefixPoolTests
{
    private static SharedPrefixPool Pool(int groups = 3, int perGroup = 4, int system = 40, ISizeDistribution? prompt = null,
        bool random = false, ulong seed = 5, ulong salt = 17)
        => new(groups, perGroup, system, prompt ?? new UniformSize(60, 200), new ConstantSize(9), blockTokens: 16, random,
            new SimRandom(seed), salt);

    private static List<(int Prompt, int Output, long[] Ids)> Draw(SharedPrefixPool pool, int n, ulong seed = 3)
    {
        var rng = new SimRandom(seed);
        return Enumerable.Range(0, n).Select(_ =>
        {
            var (p, o, ids) = pool.SampleRequest(rng);
            return (p, o, ids!);
        }).ToList();
    }

    [Fact]
    public void Cycling_takes_every_prompt_of_the_pool_once_before_any_again()
    {
        var pool = Pool();
        var draws = Draw(pool, 3 * pool.Count);
        for (var cycle = 0; cycle < 3; cycle++)
        {
            var ids = draws.Skip(cycle * pool.Count).Take(pool.Count).Select(d => d.Ids).ToList();
            Assert.Equal(pool.Count, ids.Distinct().Count());
        }

        // The same order every cycle: request i and request i + pool size are the same prompt.
        for (var i = 0; i < pool.Count; i++)
        {
            Assert.Same(draws[i].Ids, draws[i + pool.Count].Ids);
            Assert.Equal(draws[i].Prompt, draws[i + 2 * pool.Count].Prompt);
        }
    }

    [Fact]
    public void A_prompt_has_one_id_per_full_block_and_its_group_shares_the_system_prompts_whole_blocks()
    {
        var pool = Pool(groups: 3, perGroup: 4, system: 40);
        var prompts = Draw(pool, pool.Count);
        foreach (var (length, _, ids) in prompts)
        {
            Assert.Equal(length / 16, ids.Length); // a trailing partial block has no id
            Assert.True(length > 40);
        }

        // 40 system tokens fill two 16-token blocks; the third block mixes system and question, so it is the prompt's own.
        var byFirst = prompts.GroupBy(p => p.Ids[0]).ToList();
        Assert.Equal(3, byFirst.Count);
        foreach (var group in byFirst)
        {
            Assert.Equal(4, group.Count());
            Assert.Single(group.Select(p => p.Ids[1]).Distinct());
            Assert.Equal(4, group.Select(p => p.Ids[2]).Distinct().Count());
        }

        // No id of one prompt's own blocks appears in another prompt.
        var own = prompts.SelectMany((p, i) => p.Ids.Skip(2).Select(id => (id, i))).ToList();
        Assert.Equal(own.Count, own.Select(o => o.id).Distinct().Count());
    }

    [Fact]
    public void Prompts_no_longer_than_the_system_prompt_are_lengthened_past_it()
    {
        var pool = Pool(system: 100, prompt: new ConstantSize(30));
        Assert.All(Draw(pool, pool.Count), p => Assert.Equal(101, p.Prompt));
    }

    [Fact]
    public void The_pool_and_its_ids_depend_on_its_seed_and_salt_only()
    {
        Assert.Equal(Draw(Pool()).Select(d => (d.Prompt, d.Ids[0])), Draw(Pool()).Select(d => (d.Prompt, d.Ids[0])));
        Assert.NotEqual(Draw(Pool()).Select(d => d.Ids[^1]), Draw(Pool(salt: 18)).Select(d => d.Ids[^1]));
        Assert.NotEqual(Draw(Pool()).Select(d => d.Prompt), Draw(Pool(seed: 6)).Select(d => d.Prompt));
    }

    private static List<(int Prompt, int Output, long[] Ids)> Draw(SharedPrefixPool pool) => Draw(pool, 24);

    [Fact]
    public void Random_order_draws_prompts_with_replacement_and_outputs_anew()
    {
        var pool = Pool(random: true);
        var draws = Draw(pool, 2_000);
        Assert.Equal(pool.Count, draws.Select(d => d.Ids).Distinct().Count());
        Assert.All(draws, d => Assert.Equal(9, d.Output));
        // Each of the 12 prompts about 1 / 12 of the time.
        Assert.All(draws.GroupBy(d => d.Ids), g => Assert.InRange(g.Count(), 110, 230));
    }
}

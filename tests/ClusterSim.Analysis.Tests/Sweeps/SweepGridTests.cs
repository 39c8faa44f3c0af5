using ClusterSim.Analysis.Sweeps;

namespace ClusterSim.Analysis.Tests.Sweeps;

public sealed class SweepGridTests
{
    [Fact]
    public void Points_are_the_cartesian_product_with_the_last_parameter_changing_fastest()
    {
        var grid = SweepGrid.Parse(["a=1,2,4", "run.seed=7", "b=x,y"]);
        Assert.Equal(6, grid.Count);
        Assert.Equal(["run.seed=7"], grid.Fixed);
        var points = Enumerable.Range(0, grid.Count).Select(i => string.Join(" ", grid.Values(i))).ToArray();
        Assert.Equal(["1 x", "1 y", "2 x", "2 y", "4 x", "4 y"], points);
        Assert.Equal(["run.seed=7", "a=2", "b=y"], grid.Overrides(3));
    }

    [Fact]
    public void Nothing_swept_is_one_point_of_plain_overrides()
    {
        var grid = SweepGrid.Parse(["run.duration=10s", "run.seed=3"]);
        Assert.Equal(1, grid.Count);
        Assert.Empty(grid.Parameters);
        Assert.Equal(["run.duration=10s", "run.seed=3"], grid.Overrides(0));
    }

    [Fact]
    public void Commas_inside_brackets_braces_and_quotes_do_not_split_a_value()
    {
        var grid = SweepGrid.Parse(["w.arrival={kind: poisson, rate: 5},{kind: gamma, rate: 5, cv: 2}", "r=[1280, 720]", "n='a,b',c"]);
        Assert.Equal(["{kind: poisson, rate: 5}", "{kind: gamma, rate: 5, cv: 2}"], grid.Parameters[0].Values);
        Assert.Equal(["r=[1280, 720]"], grid.Fixed);
        Assert.Equal(["'a,b'", "c"], grid.Parameters[1].Values);
    }

    [Theory]
    [InlineData("workloads.chat.arrival.rate", "--set workloads.chat.arrival.rate:1:1: expected PATH=VALUE or PATH=V1,V2,...")]
    [InlineData("=5,10", "--set =5,10:1:1: expected PATH=VALUE")]
    [InlineData("a=5,,10", "--set a=5,,10:1:5: empty value in the list")]
    [InlineData("a=5,10,", "--set a=5,10,:1:8: empty value in the list")]
    [InlineData("a=[1,2", "--set a=[1,2:1:3: unbalanced brackets")]
    [InlineData("a=1],2", "--set a=1],2:1:3: unbalanced brackets")]
    [InlineData("a='1,2", "--set a='1,2:1:3: unclosed ' quote")]
    public void Bad_set_syntax_is_reported_at_its_place_in_the_argument(string arg, string expected)
    {
        var ex = Assert.Throws<SweepInputException>(() => SweepGrid.Parse([arg]));
        Assert.StartsWith(expected, Assert.Single(ex.Errors));
    }

    [Fact]
    public void A_path_set_twice_is_refused_with_both_arguments_named()
    {
        var ex = Assert.Throws<SweepInputException>(() => SweepGrid.Parse(["a=1,2", "a=3"]));
        Assert.Equal("--set a=3:1:1: 'a' is already set by --set a=1,2; give all its values in one --set, separated by commas", Assert.Single(ex.Errors));
    }

    [Fact]
    public void Shards_split_the_points_round_robin_and_cover_each_exactly_once()
    {
        var shards = Enumerable.Range(0, 3).Select(i => ShardSpec.Parse($"{i}/3")).ToArray();
        for (var point = 0; point < 10; point++)
        {
            Assert.Equal(1, shards.Count(s => s.Includes(point)));
            Assert.True(shards[point % 3].Includes(point));
        }

        Assert.Equal("shard-1-of-3.json", shards[1].FileName);
    }

    [Theory]
    [InlineData("3/3", "--shard 3/3: the shard index must be below the count (0 to 2)")]
    [InlineData("0/0", "--shard 0/0: the shard count N must be at least 1")]
    [InlineData("-1/3", "--shard -1/3: expected i/N")]
    [InlineData("1", "--shard 1: expected i/N")]
    [InlineData("a/b", "--shard a/b: expected i/N")]
    [InlineData("1/2/3", "--shard 1/2/3: expected i/N")]
    public void A_bad_shard_spec_says_what_is_expected(string text, string expected)
    {
        var ex = Assert.Throws<SweepInputException>(() => ShardSpec.Parse(text));
        Assert.StartsWith(expected, Assert.Single(ex.Errors));
    }
}

using ClusterSim.Scenarios.Yaml;

namespace ClusterSim.Scenarios.Tests;

public sealed class QuantityTests
{
    [Theory]
    [InlineData("250ms", 0.25)]
    [InlineData("1.5s", 1.5)]
    [InlineData("2m", 120)]
    [InlineData("2min", 120)]
    [InlineData("1h", 3600)]
    [InlineData("1d", 86400)]
    [InlineData("100us", 1e-4)]
    [InlineData("5ns", 5e-9)]
    [InlineData("1e3ms", 1)]
    public void Durations_convert_to_seconds(string text, double seconds)
    {
        Assert.True(Durations.TryParse(text, out var value));
        Assert.Equal(seconds, value, 12);
    }

    [Theory]
    [InlineData("5 sec")]
    [InlineData("-1s")]
    [InlineData("1.5")]
    [InlineData("s")]
    [InlineData("1y")]
    public void Malformed_durations_are_refused(string text) => Assert.False(Durations.TryParse(text, out _));

    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("seed", "sede", 1)]
    [InlineData("rate", "rate", 0)]
    [InlineData("", "abc", 3)]
    public void Edit_distance_counts_insertions_deletions_substitutions_and_swaps(string a, string b, int distance)
        => Assert.Equal(distance, Suggest.Distance(a, b));

    [Theory]
    [InlineData("replica", "replicas")]
    [InlineData("h100", "h100-sxm")]
    [InlineData("H100-SXM", "h100-sxm")]
    [InlineData("mi300", "mi300x")]
    [InlineData("zzz", null)]
    public void Did_you_mean_picks_a_plausible_name_or_none(string word, string? expected)
        => Assert.Equal(expected, Suggest.Closest(word, ["replicas", "h100-sxm", "h200-sxm", "mi300x", "mi325x", "rate"]));

    [Theory]
    // A shortened name that starts several names of one length names them all; one match, or a typo, names one.
    [InlineData("h100", "; did you mean 'h100-nvl' or 'h100-sxm'?")]
    [InlineData("h200", "; did you mean 'h200-sxm'?")]
    [InlineData("mi300", "; did you mean 'mi300x'?")]
    [InlineData("h10-sxm", "; did you mean 'h100-sxm'?")]
    [InlineData("zzz", "")]
    public void Did_you_mean_lists_every_name_a_shortened_one_could_mean(string word, string expected)
        => Assert.Equal(expected, Suggest.Hint(word, ["h100-sxm", "h100-nvl", "h200-sxm", "mi300x", "mi325x"]));
}

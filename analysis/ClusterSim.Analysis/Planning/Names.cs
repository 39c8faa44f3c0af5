using ClusterSim.Scenarios.Yaml;

namespace ClusterSim.Analysis.Planning;

/// <summary>"Did you mean" for option values: the scenario language's rule, so every message agrees.</summary>
internal static class Names
{
    public static string Hint(string given, IEnumerable<string> known) => Suggest.Hint(given, known);

    /// <summary>The word with its indefinite article: "a video", "an image", "an avatar".</summary>
    public static string A(string word) => ("aeiou".Contains(word[0], StringComparison.Ordinal) ? "an " : "a ") + word;
}

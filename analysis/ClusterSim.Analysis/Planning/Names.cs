using ClusterSim.Scenarios.Yaml;

namespace ClusterSim.Analysis.Planning;

/// <summary>"Did you mean" for option values: the scenario language's rule, so every message agrees.</summary>
internal static class Names
{
    public static string Hint(string given, IEnumerable<string> known) => Suggest.Hint(given, known);

    /// <summary>The workload kind of text classes (<c>kind: text</c>), whose figures are the text columns; every other kind has its own.</summary>
    public const string TextKind = "text";

    /// <summary>The word with its indefinite article: "a video", "an image", "an avatar".</summary>
    public static string A(string word) => ("aeiou".Contains(word[0], StringComparison.Ordinal) ? "an " : "a ") + word;
}

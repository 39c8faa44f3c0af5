namespace ClusterSim.Analysis.Planning;

/// <summary>
/// "Did you mean" for option values, the way scenario errors suggest names: a different case or a
/// shortened name ("h100" for "h100-sxm") first, then the closest by edit distance within a limit
/// that grows with the length; ties go to the earlier candidate.
/// </summary>
internal static class Names
{
    public static string Hint(string given, IEnumerable<string> known)
    {
        var closest = Closest(given, known.ToList());
        return closest is null ? "" : $"; did you mean '{closest}'?";
    }

    private static string? Closest(string word, List<string> candidates)
    {
        var exact = candidates.FirstOrDefault(c => string.Equals(c, word, StringComparison.OrdinalIgnoreCase));
        if (exact is not null)
        {
            return exact;
        }

        if (word.Length >= 3)
        {
            var prefix = candidates
                .Where(c => c.StartsWith(word, StringComparison.OrdinalIgnoreCase))
                .OrderBy(c => c.Length)
                .ThenBy(c => c, StringComparer.Ordinal)
                .FirstOrDefault();
            if (prefix is not null)
            {
                return prefix;
            }
        }

        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(word.ToLowerInvariant(), candidate.ToLowerInvariant());
            var limit = Math.Max(word.Length, candidate.Length) switch
            {
                <= 4 => 1,
                <= 8 => 2,
                _ => 3,
            };
            if (distance <= limit && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>Levenshtein distance.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}

namespace ClusterSim.Scenarios.Yaml;

/// <summary>"Did you mean" by edit distance (with transpositions), deterministic on ties.</summary>
public static class Suggest
{
    /// <summary>The closest candidate within a distance that grows with the word's length, or null.</summary>
    public static string? Closest(string word, IEnumerable<string> candidates)
    {
        var list = candidates as IReadOnlyCollection<string> ?? candidates.ToList();

        // A different case, or a shortened name ("h100" for "h100-sxm"), is far in edits but plainly meant.
        var exact = list.FirstOrDefault(c => string.Equals(c, word, StringComparison.OrdinalIgnoreCase));
        if (exact is not null)
        {
            return exact;
        }

        if (word.Length >= 3)
        {
            var prefix = list
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
        var lower = word.ToLowerInvariant();
        foreach (var candidate in list)
        {
            var distance = Distance(lower, candidate.ToLowerInvariant());
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

    /// <summary>
    /// "; did you mean 'x'?" or an empty string; "'x' or 'y'" when a shortened name starts several candidates of the
    /// same length ("h100" for "h100-nvl" and "h100-sxm"), since nothing tells which was meant.
    /// </summary>
    public static string Hint(string word, IEnumerable<string> candidates)
    {
        var list = candidates as IReadOnlyCollection<string> ?? candidates.ToList();
        var closest = Closest(word, list);
        if (closest is null)
        {
            return "";
        }

        var alike = list
            .Where(c => c.Length == closest.Length && c.StartsWith(word, StringComparison.OrdinalIgnoreCase) && closest.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Take(3)
            .ToList();
        return alike.Count > 1
            ? $"; did you mean {string.Join(" or ", alike.Select(c => $"'{c}'"))}?"
            : $"; did you mean '{closest}'?";
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}

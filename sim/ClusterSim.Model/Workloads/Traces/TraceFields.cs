using System.Globalization;

namespace ClusterSim.Model.Workloads.Traces;

/// <summary>Field parsers shared by the trace formats; each failure names what was expected.</summary>
internal static class TraceFields
{
    private static readonly decimal MaxNs = long.MaxValue;

    /// <summary>A non-negative token count ("472"; "472.0" as pandas writes it is accepted too).</summary>
    public static int Count(ReadOnlySpan<char> text, int column, string field)
    {
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0)
        {
            return value;
        }

        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            && d >= 0 && d <= int.MaxValue && d == decimal.Truncate(d))
        {
            return (int)d;
        }

        throw new TraceFieldException(column, $"expected a non-negative integer for {field}, found '{text}'");
    }

    /// <summary>A time in the given unit, as nanoseconds from the unit's origin.</summary>
    public static long TimeNs(ReadOnlySpan<char> text, TraceTimeUnit unit, int column, string field)
    {
        if (unit == TraceTimeUnit.DateTime)
        {
            if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var stamp))
            {
                // Ticks are 100 ns; from the Unix epoch they fit a long until the year 2262.
                var ticks = stamp.Ticks - DateTime.UnixEpoch.Ticks;
                if (Math.Abs(ticks) <= long.MaxValue / 100)
                {
                    return ticks * 100;
                }
            }

            throw new TraceFieldException(column, $"expected a date and time like 2023-11-16 18:15:46.6805900 for {field}, found '{text}'");
        }

        var factor = unit switch
        {
            TraceTimeUnit.Seconds => 1_000_000_000m,
            TraceTimeUnit.Milliseconds => 1_000_000m,
            TraceTimeUnit.Microseconds => 1_000m,
            _ => 1m,
        };
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && Math.Abs(number) <= MaxNs / factor)
        {
            return (long)decimal.Round(number * factor, MidpointRounding.ToEven);
        }

        throw new TraceFieldException(column, $"expected a number of {unit.ToString().ToLowerInvariant()} for {field}, found '{text}'");
    }

    /// <summary>Prefix-block ids separated by spaces, commas or semicolons, optionally in [ ].</summary>
    public static long[] HashIds(ReadOnlySpan<char> text, int column, string field)
    {
        var inner = text.Trim();
        if (inner.Length >= 2 && inner[0] == '[' && inner[^1] == ']')
        {
            inner = inner[1..^1];
        }

        var ids = new List<long>();
        foreach (var range in inner.SplitAny(" ,;\t"))
        {
            var part = inner[range];
            if (part.IsEmpty)
            {
                continue;
            }

            if (!long.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
            {
                throw new TraceFieldException(column, $"expected integer block ids separated by spaces or semicolons for {field}, found '{part}'");
            }

            ids.Add(id);
        }

        return ids.ToArray();
    }
}

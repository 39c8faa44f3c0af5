using System.Globalization;

namespace ClusterSim.Model.Workloads.Traces;

/// <summary>
/// The Azure LLM inference trace 2023 (Patel et al., Splitwise, ISCA 2024; CC-BY-4.0):
/// <c>TIMESTAMP,ContextTokens,GeneratedTokens</c> with timestamps like
/// <c>2023-11-16 18:15:46.6805900</c>; CRLF or LF line ends.
/// </summary>
public sealed class AzureLlmTraceSource(string path, TraceOptions? options = null) : TraceRequestSource(path, options)
{
    protected override int HeaderLines => 1;

    protected override (double Seconds, int Prompt, int Output, long[]? Hashes) ParseLine(string line)
    {
        var parts = line.Split(',');
        if (parts.Length != 3)
        {
            throw new FormatException($"expected 3 comma-separated fields TIMESTAMP,ContextTokens,GeneratedTokens, found {parts.Length}");
        }

        if (!DateTime.TryParse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var stamp))
        {
            throw new FormatException($"expected a timestamp like 2023-11-16 18:15:46.6805900, found '{parts[0]}'");
        }

        return (stamp.Ticks / 1e7, ParseCount(parts[1], "ContextTokens"), ParseCount(parts[2], "GeneratedTokens"), null);
    }

    internal static int ParseCount(string text, string field)
    {
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            throw new FormatException($"expected a non-negative integer for {field}, found '{text}'");
        }

        return value;
    }
}

using System.Text.Json;

namespace ClusterSim.Model.Workloads.Traces;

/// <summary>
/// Mooncake traces (kvcache-ai/Mooncake, FAST'25; Apache-2.0): one JSON object per line with
/// <c>timestamp</c> (ms), <c>input_length</c>, <c>output_length</c> and <c>hash_ids</c>, one id per
/// 512-token prefix block, equal ids meaning reusable KV cache.
/// </summary>
public sealed class MooncakeTraceSource(string path, TraceOptions? options = null) : TraceRequestSource(path, options)
{
    /// <summary>Tokens covered by one hash id in these traces.</summary>
    public const int PrefixBlockTokens = 512;

    protected override (double Seconds, int Prompt, int Output, long[]? Hashes) ParseLine(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var ms = Required(root, "timestamp").GetDouble();
            var input = Required(root, "input_length").GetInt32();
            var output = Required(root, "output_length").GetInt32();
            long[]? hashes = null;
            if (root.TryGetProperty("hash_ids", out var ids))
            {
                hashes = new long[ids.GetArrayLength()];
                var i = 0;
                foreach (var id in ids.EnumerateArray())
                {
                    hashes[i++] = id.GetInt64();
                }
            }

            return (ms / 1000.0, input, output, hashes);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new FormatException($"expected a JSON object with timestamp, input_length, output_length and hash_ids: {ex.Message}");
        }
    }

    private static JsonElement Required(JsonElement root, string name)
        => root.TryGetProperty(name, out var value) ? value : throw new KeyNotFoundException($"missing '{name}'");
}

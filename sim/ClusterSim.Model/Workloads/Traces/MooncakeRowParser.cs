using System.Text;
using System.Text.Json;

namespace ClusterSim.Model.Workloads.Traces;

/// <summary>
/// One Mooncake JSON line, read with a forward-only reader so every error can point at the token
/// (the column counts characters, as in an editor).
/// </summary>
internal sealed class MooncakeRowParser : TraceRowParser
{
    private readonly List<long> _hashes = [];
    private byte[] _buffer = new byte[4096];

    public override bool TryParse(string line, out TraceRow row)
    {
        var length = Encoding.UTF8.GetByteCount(line);
        if (length > _buffer.Length)
        {
            _buffer = new byte[Math.Max(length, _buffer.Length * 2)];
        }

        var bytes = _buffer.AsSpan(0, Encoding.UTF8.GetBytes(line, _buffer));
        try
        {
            row = Parse(bytes);
            return true;
        }
        catch (JsonException ex)
        {
            var at = (int)Math.Clamp(ex.BytePositionInLine ?? 0, 0, bytes.Length);
            throw new TraceFieldException(ColumnOf(bytes, at), $"expected one JSON object per line: {FirstSentence(ex.Message)}");
        }
    }

    private TraceRow Parse(ReadOnlySpan<byte> bytes)
    {
        var reader = new Utf8JsonReader(bytes);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new TraceFieldException(1, "expected a JSON object {\"timestamp\": ..., \"input_length\": ..., \"output_length\": ..., \"hash_ids\": [...]}");
        }

        long? timeNs = null;
        int? input = null;
        int? output = null;
        long[]? hashes = null;
        var timeColumn = 1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("timestamp"u8))
            {
                reader.Read();
                timeColumn = ColumnOf(bytes, (int)reader.TokenStartIndex);
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDecimal(out var ms) || ms < 0 || ms > long.MaxValue / 1_000_000m)
                {
                    throw new TraceFieldException(timeColumn, $"expected a non-negative number of milliseconds for timestamp, found {Token(ref reader, bytes)}");
                }

                timeNs = (long)decimal.Round(ms * 1_000_000m, MidpointRounding.ToEven);
            }
            else if (reader.ValueTextEquals("input_length"u8))
            {
                input = ReadCount(ref reader, bytes, "input_length");
            }
            else if (reader.ValueTextEquals("output_length"u8))
            {
                output = ReadCount(ref reader, bytes, "output_length");
            }
            else if (reader.ValueTextEquals("hash_ids"u8))
            {
                hashes = ReadIds(ref reader, bytes);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new TraceFieldException(ColumnOf(bytes, (int)reader.TokenStartIndex), "expected a property name or the end of the object");
        }

        // Anything after the object (a second object on the same line) is an error too.
        if (reader.Read())
        {
            throw new TraceFieldException(ColumnOf(bytes, (int)reader.TokenStartIndex), "expected the end of the line after the JSON object");
        }

        var missing = timeNs is null ? "timestamp" : input is null ? "input_length" : output is null ? "output_length" : null;
        if (missing is not null)
        {
            throw new TraceFieldException(1, $"missing '{missing}': expected timestamp, input_length, output_length and hash_ids");
        }

        return new TraceRow(timeNs!.Value, timeColumn, input!.Value, output!.Value, hashes);
    }

    private static int ReadCount(ref Utf8JsonReader reader, ReadOnlySpan<byte> bytes, string name)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var value) || value < 0)
        {
            throw new TraceFieldException(ColumnOf(bytes, (int)reader.TokenStartIndex), $"expected a non-negative integer for {name}, found {Token(ref reader, bytes)}");
        }

        return value;
    }

    private long[] ReadIds(ref Utf8JsonReader reader, ReadOnlySpan<byte> bytes)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new TraceFieldException(ColumnOf(bytes, (int)reader.TokenStartIndex), $"expected an array of integer block ids for hash_ids, found {Token(ref reader, bytes)}");
        }

        _hashes.Clear();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var id))
            {
                throw new TraceFieldException(ColumnOf(bytes, (int)reader.TokenStartIndex), $"expected an integer block id in hash_ids, found {Token(ref reader, bytes)}");
            }

            _hashes.Add(id);
        }

        return _hashes.ToArray();
    }

    private static string Token(ref Utf8JsonReader reader, ReadOnlySpan<byte> bytes)
    {
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            return reader.TokenType == JsonTokenType.StartObject ? "an object" : "an array";
        }

        var start = (int)reader.TokenStartIndex;
        var end = Math.Min(bytes.Length, start + (int)reader.ValueSpan.Length + (reader.TokenType == JsonTokenType.String ? 2 : 0));
        return Encoding.UTF8.GetString(bytes[start..end]);
    }

    // Editors count characters, the reader counts bytes: convert (they differ only past non-ASCII).
    private static int ColumnOf(ReadOnlySpan<byte> bytes, int byteIndex)
        => Encoding.UTF8.GetCharCount(bytes[..Math.Clamp(byteIndex, 0, bytes.Length)]) + 1;

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut].TrimEnd() : message;
    }
}

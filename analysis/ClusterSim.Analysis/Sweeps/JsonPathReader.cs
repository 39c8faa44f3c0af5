using System.Globalization;
using System.Text.Json;

namespace ClusterSim.Analysis.Sweeps;

/// <summary>
/// Reads values out of a JSON document the user handed in (a shard file), checking kind and
/// presence as it goes. <see cref="JsonElement"/>'s own getters throw KeyNotFoundException or
/// InvalidOperationException without saying where, and GetString() returns null for a JSON null,
/// which then fails far away; here every problem is a <see cref="SweepInputException"/>
/// <c>file: not a valid sweep shard file: points[3].runs[1]: missing 'seed'</c>.
/// </summary>
/// <param name="file">The file's name, first in every message.</param>
/// <param name="what">What the file should be ("sweep shard file", "fleet shard file"), named in every message.</param>
internal sealed class JsonPathReader(string file, string what)
{
    /// <summary>
    /// Parses a shard file and checks its format tag; the caller disposes the document. A file that is not
    /// JSON, or was written by another ClusterSim version (its figures may mean something else), is refused
    /// with the file named.
    /// </summary>
    public static JsonDocument Open(byte[] bytes, string file, string what, string format, out JsonPathReader reader)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            throw new SweepInputException($"{file}: not a valid {what} ({ex.Message})");
        }

        reader = new JsonPathReader(file, what);
        try
        {
            var found = reader.String(doc.RootElement, "", "format");
            if (found != format)
            {
                throw new SweepInputException($"{file}: not a {what} of this ClusterSim version (format '{found}', expected '{format}'); run its shards again with this version");
            }
        }
        catch
        {
            doc.Dispose();
            throw;
        }

        return doc;
    }

    /// <summary>Member <paramref name="key"/> of the object at <paramref name="path"/> ("" for the root).</summary>
    public JsonElement Get(JsonElement obj, string path, string key)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            throw Bad(path, $"expected an object, got {Kind(obj)}");
        }

        return obj.TryGetProperty(key, out var value) ? value : throw Bad(path, $"missing '{key}'");
    }

    /// <summary>A string that must be there and not null.</summary>
    public string String(JsonElement obj, string path, string key)
    {
        var e = Get(obj, path, key);
        return e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Bad(Join(path, key), $"expected a string, got {Kind(e)}");
    }

    public int Int32(JsonElement obj, string path, string key)
    {
        var e = Get(obj, path, key);
        return e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var v) ? v : throw Bad(Join(path, key), $"expected a whole number, got {Kind(e)}");
    }

    public long Int64(JsonElement obj, string path, string key)
    {
        var e = Get(obj, path, key);
        return e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var v) ? v : throw Bad(Join(path, key), $"expected a whole number, got {Kind(e)}");
    }

    public ulong UInt64(JsonElement obj, string path, string key)
    {
        var e = Get(obj, path, key);
        return e.ValueKind == JsonValueKind.Number && e.TryGetUInt64(out var v) ? v : throw Bad(Join(path, key), $"expected a whole number of 0 or more, got {Kind(e)}");
    }

    public double Double(JsonElement obj, string path, string key)
        => Number(Get(obj, path, key), Join(path, key)) ?? throw Bad(Join(path, key), "expected a number, got null");

    /// <summary>A number or null (null being how the writer spells NaN: nothing measured, no target).</summary>
    public double? Number(JsonElement obj, string path, string key) => Number(Get(obj, path, key), Join(path, key));

    /// <summary>The element itself as a number or null.</summary>
    public double? Number(JsonElement e, string path)
        => e.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.Number => e.GetDouble(),
            _ => throw Bad(path, $"expected a number or null, got {Kind(e)}"),
        };

    /// <summary>The elements of the array member <paramref name="key"/>.</summary>
    public IEnumerable<JsonElement> Array(JsonElement obj, string path, string key) => Elements(Get(obj, path, key), Join(path, key));

    /// <summary>The elements of the array <paramref name="e"/>.</summary>
    public IEnumerable<JsonElement> Elements(JsonElement e, string path)
        => e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().ToList() : throw Bad(path, $"expected an array, got {Kind(e)}");

    /// <summary>An array of non-null strings.</summary>
    public List<string> Strings(JsonElement obj, string path, string key)
    {
        var at = Join(path, key);
        return Elements(Get(obj, path, key), at)
            .Select((e, i) => e.ValueKind == JsonValueKind.String
                ? e.GetString()!
                : throw Bad(string.Create(CultureInfo.InvariantCulture, $"{at}[{i}]"), $"expected a string, got {Kind(e)}"))
            .ToList();
    }

    private SweepInputException Bad(string path, string problem)
        => new(path.Length == 0 ? $"{file}: not a valid {what}: {problem}" : $"{file}: not a valid {what}: {path}: {problem}");

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "nothing",
    };
}

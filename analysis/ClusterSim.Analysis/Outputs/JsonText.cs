using System.Text;
using System.Text.Json;

namespace ClusterSim.Analysis.Outputs;

/// <summary>The JSON files of the planning commands as text: one indented object, UTF-8, ending in a newline.</summary>
internal static class JsonText
{
    /// <summary>The object whose members <paramref name="members"/> writes.</summary>
    public static string Object(Action<Utf8JsonWriter> members)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            members(w);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}

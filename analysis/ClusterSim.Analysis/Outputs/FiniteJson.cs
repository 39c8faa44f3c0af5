using System.Text.Json;

namespace ClusterSim.Analysis.Outputs;

/// <summary>
/// Writes a number that may be missing: JSON has no NaN or infinity (<see cref="Utf8JsonWriter"/>
/// throws on them), so "nothing measured" and "no target" are written as null. One helper so that
/// every file spells a missing figure the same way.
/// </summary>
internal static class FiniteJson
{
    /// <summary>The value, or null when it is NaN or infinite.</summary>
    public static void WriteValue(Utf8JsonWriter w, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumberValue(value);
        }
        else
        {
            w.WriteNullValue();
        }
    }

    /// <summary>The property <paramref name="name"/>: the value, or null when it is absent, NaN or infinite.</summary>
    public static void Write(Utf8JsonWriter w, string name, double? value)
    {
        w.WritePropertyName(name);
        WriteValue(w, value ?? double.NaN);
    }
}

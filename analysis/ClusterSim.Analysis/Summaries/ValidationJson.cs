using System.Text.Json;
using ClusterSim.Model.Performance;

namespace ClusterSim.Analysis.Summaries;

/// <summary>How a deployment's kind read against published measurements, as summary.json and capacity.json write it.</summary>
public static class ValidationJson
{
    /// <summary>
    /// The fields of a deployment's <c>validation</c> object, written into the object the writer is in: the record, the
    /// deployment's architecture, and the groups of checks it falls in (summary.json's schema gives them).
    /// </summary>
    public static void WriteFields(Utf8JsonWriter w, ExecutionProvenance e)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(e);
        w.WriteString("record", ValidationRecord.Path);
        w.WriteString("architecture", e.Architecture);
        w.WriteStartArray("groups");
        foreach (var m in e.Validation)
        {
            w.WriteStartObject();
            w.WriteString("accelerator", m.Accelerator);
            w.WriteString("stack", m.Stack);
            w.WriteString("architecture", m.Architecture);
            w.WriteBoolean("own", m.Exact);
            w.WriteNumber("configurations", m.Configurations);
            w.WriteStartArray("parts");
            foreach (var part in m.Parts)
            {
                w.WriteStringValue(part);
            }

            w.WriteEndArray();
            w.WriteNumber("fitted_figures", m.Fits);
            w.WriteStartObject("families");
            foreach (var f in m.Families)
            {
                w.WriteStartObject(f.Name);
                w.WriteNumber("figures", f.Figures);
                w.WriteNumber("median_error", f.MedianError);
                w.WriteNumber("min_error", f.MinError);
                w.WriteNumber("max_error", f.MaxError);
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}

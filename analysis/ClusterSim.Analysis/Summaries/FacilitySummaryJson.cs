using System.Text.Json;
using ClusterSim.Engine.Core;
using ClusterSim.Model.Facility;
using ClusterSim.Model.Serving.Cluster;

namespace ClusterSim.Analysis.Summaries;

/// <summary>
/// The <c>energy</c>, <c>cost</c> and <c>autoscaling</c> sections of summary.json, written when a
/// run had a facility (or autoscaling). Keys are snake_case, in declaration order, so equal runs
/// give equal bytes.
/// </summary>
public static class FacilitySummaryJson
{
    public static void Write(Utf8JsonWriter w, ServingResult result)
    {
        if (result.Facility is { } facility)
        {
            w.WritePropertyName("energy");
            w.WriteStartObject();
            WriteFields(w, facility.Energy);
            w.WriteNumber("throttled_node_seconds", facility.Energy.ThrottledNodeHours * 3600);
            w.WriteEndObject();

            w.WritePropertyName("cost");
            w.WriteStartObject();
            WriteFields(w, facility.Cost);
            w.WriteEndObject();
        }

        if (result.Autoscaling is { Count: > 0 } pools)
        {
            w.WriteStartArray("autoscaling");
            foreach (var p in pools)
            {
                w.WriteStartObject();
                w.WriteString("pool", p.Pool);
                w.WriteNumber("scale_ups", p.ScaleUps);
                w.WriteNumber("reactivations", p.Reactivations);
                w.WriteNumber("scale_downs", p.ScaleDowns);
                w.WriteNumber("requests_waited_for_cold_start", p.RequestsWaited);
                w.WriteNumber("mean_running_replicas", p.MeanRunningReplicas);
                w.WriteNumber("sleeping_replica_hours", p.SleepingReplicaHours);
                w.WriteNumber("cold_start_seconds", p.ColdStarts.Sum(c => SimTime.ToSeconds(c.ReadyNs - c.StartNs)));
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }
    }

    private static void WriteFields<T>(Utf8JsonWriter w, T value)
    {
        using var doc = JsonSerializer.SerializeToDocument(value, FacilityJson.Options);
        foreach (var property in doc.RootElement.EnumerateObject())
        {
            property.WriteTo(w);
        }
    }
}

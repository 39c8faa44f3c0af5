using ClusterSim.Model.Serving;
using System.Text;
using System.Text.Json;
using ClusterSim.Analysis.Outputs;
using ClusterSim.Engine.Core;
using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Kinds;

namespace ClusterSim.Analysis.Summaries;

/// <summary>
/// Writes <c>summary.json</c>: the machine-readable result of a run, with a fixed key order and
/// invariant number formatting, so equal runs give equal bytes (wall-clock figures aside, which
/// <c>includeWallClock: false</c> leaves out).
/// </summary>
public static class SummaryJson
{
    public static string Write(ServingResult result, bool includeWallClock = true, Action<Utf8JsonWriter>? extra = null)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            var measured = result.MeasuredSeconds;
            w.WriteStartObject();
            w.WriteString("scenario", result.Name);
            w.WriteNumber("seed", result.Seed);
            w.WriteNumber("simulated_seconds", SimTime.ToSeconds(result.SimulatedNs));
            w.WriteNumber("measured_seconds", measured);
            w.WriteStartObject("classes");
            foreach (var c in result.Classes)
            {
                w.WritePropertyName(c.Name);
                WriteClass(w, c, measured);
            }

            w.WriteEndObject();
            w.WritePropertyName("overall");
            WriteClass(w, result.Overall, measured);

            w.WriteStartObject("utilization");
            var utilization = result.AcceleratorUtilization;
            w.WriteNumber("accelerator_mean", double.IsNaN(utilization) ? 0 : utilization);
            var text = result.TextReplicas.ToList();
            w.WriteNumber("mean_batch_size", text.Count == 0 ? 0 : text.Average(r => r.MeanBatchSize));
            w.WriteNumber("mean_kv_occupancy", text.Count == 0 ? 0 : text.Average(r => r.MeanKvOccupancy));
            w.WriteEndObject();

            w.WriteStartArray("replicas");
            foreach (var r in result.Replicas)
            {
                w.WriteStartObject();
                w.WriteNumber("index", r.Index);
                w.WriteString("pool", r.Pool);
                w.WriteString("role", r.Role);
                w.WriteNumber("accelerators", r.Accelerators);
                w.WriteNumber("utilization", r.Utilization);
                w.WriteNumber("mean_batch_size", r.MeanBatchSize);
                w.WriteNumber("max_batch_size", r.MaxBatchSize);
                w.WriteNumber("mean_kv_occupancy", r.MeanKvOccupancy);
                w.WriteNumber("mean_queue_length", r.MeanQueueLength);
                w.WriteNumber("iterations", r.Iterations);
                w.WriteNumber("preemptions", r.Preemptions);
                w.WriteNumber("prefix_hit_rate", r.PrefixHitRate);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            WriteKinds(w, result);
            FacilitySummaryJson.Write(w, result);
            WriteExecution(w, result);
            extra?.Invoke(w);

            w.WriteStartObject("engine");
            w.WriteNumber("events", result.Events);
            if (includeWallClock)
            {
                w.WriteNumber("wall_seconds", result.WallSeconds);
                w.WriteNumber("events_per_second", result.WallSeconds > 0 ? result.Events / result.WallSeconds : 0);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteClass(Utf8JsonWriter w, ClassMetrics c, double measuredSeconds)
    {
        w.WriteStartObject();
        w.WriteNumber("arrived", c.Arrived);
        w.WriteNumber("completed", c.Completed);
        w.WriteNumber("dropped", c.Dropped);
        w.WriteNumber("in_flight", c.InFlight);
        w.WriteNumber("measured", c.Measured);
        WriteLatency(w, "ttft_s", c.Ttft.ToSummary());
        WriteLatency(w, "tbt_s", c.Tbt.ToSummary());
        WriteLatency(w, "tpot_s", c.Tpot.ToSummary());
        WriteLatency(w, "e2e_s", c.E2e.ToSummary());
        WriteLatency(w, "queue_s", c.Queue.ToSummary());
        w.WriteNumber("slo_attainment", c.SloAttainment);
        if (!ReferenceEquals(c.Slo, SloTargets.None))
        {
            // The class against its own targets (the overall row has none).
            w.WriteStartObject("slo");
            FiniteJson.Write(w, "ttft_s", c.Slo.TtftSeconds);
            FiniteJson.Write(w, "tpot_s", c.Slo.TpotSeconds);
            FiniteJson.Write(w, "e2e_s", c.Slo.E2eSeconds);
            w.WriteNumber("percentile", c.Slo.Percentile);
            w.WriteEndObject();
            w.WriteBoolean("meets_slo", TextSlo.Meets(c));
        }

        w.WriteNumber("goodput_rps", c.GoodputRps(measuredSeconds));
        w.WriteNumber("throughput_rps", c.ThroughputRps(measuredSeconds));
        w.WriteNumber("output_tokens_per_s", c.OutputTokensPerSecond(measuredSeconds));
        w.WriteNumber("preemptions", c.Preemptions);
        w.WriteNumber("prefix_hit_rate", c.PromptTokens == 0 ? 0 : (double)c.PrefixHitTokens / c.PromptTokens);
        w.WriteEndObject();
    }

    // ---- other workload kinds (video, avatar, image, ...): one section each, a class per key ----

    private static void WriteKinds(Utf8JsonWriter w, ServingResult result)
    {
        foreach (var kind in result.Kinds)
        {
            if (kind.Classes.Count == 0)
            {
                continue;
            }

            w.WriteStartObject(kind.Kind);
            foreach (var c in kind.Classes)
            {
                w.WriteStartObject(c.Name);
                WriteMetrics(w, c.Metrics);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }
    }

    private static void WriteMetrics(Utf8JsonWriter w, IReadOnlyList<KindMetric> metrics)
    {
        foreach (var m in metrics)
        {
            switch (m.Type)
            {
                case KindMetricType.Count:
                    w.WriteNumber(m.Key, m.Count);
                    break;
                case KindMetricType.Number:
                    w.WriteNumber(m.Key, m.Number!.Value);
                    break;
                case KindMetricType.Optional:
                    FiniteJson.Write(w, m.Key, m.Number);
                    break;
                case KindMetricType.Flag:
                    w.WriteBoolean(m.Key, m.Flag);
                    break;
                case KindMetricType.Latency:
                    WriteLatency(w, m.Key, m.Latency!);
                    break;
                default:
                    w.WriteStartObject(m.Key);
                    WriteMetrics(w, m.Group);
                    w.WriteEndObject();
                    break;
            }
        }
    }

    private static void WriteLatency(Utf8JsonWriter w, string name, LatencySummary s)
    {
        w.WriteStartObject(name);
        w.WriteNumber("mean", s.Mean);
        w.WriteNumber("p50", s.P50);
        w.WriteNumber("p90", s.P90);
        w.WriteNumber("p95", s.P95);
        w.WriteNumber("p99", s.P99);
        w.WriteNumber("p999", s.P999);
        w.WriteEndObject();
    }

    /// <summary>Which efficiency entry and derivation each deployment ran with, and every note of the set-up.</summary>
    private static void WriteExecution(Utf8JsonWriter w, ServingResult result)
    {
        w.WriteStartArray("execution_models");
        foreach (var e in result.Execution)
        {
            w.WriteStartObject();
            w.WriteString("deployment", e.Deployment);
            w.WriteString("predictor", e.Predictor);
            w.WriteString("accelerator", e.Accelerator);
            w.WriteString("stack", e.Stack);
            w.WriteString("entry", e.Entry);
            w.WriteString("fitted_on", e.FittedOn);
            w.WriteString("derivation", e.Derivation);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("notes");
        foreach (var note in result.Notes)
        {
            w.WriteStringValue(note);
        }

        w.WriteEndArray();
    }
}

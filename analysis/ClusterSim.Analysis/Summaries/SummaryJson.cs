using ClusterSim.Model.Serving;
using System.Text;
using System.Text.Json;
using ClusterSim.Analysis.Metrics;
using ClusterSim.Analysis.Outputs;
using ClusterSim.Engine.Core;
using ClusterSim.Model.Metrics;
using ClusterSim.Model.Performance;
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
    /// <summary>
    /// The version of summary.json's layout, its first key. Raised when a key is renamed or removed
    /// or a value changes meaning; keys added do not raise it. 1: the first versioned layout, where
    /// a figure with no data is null rather than zero. The layout is described by <see cref="SummarySchema"/>.
    /// </summary>
    public const int SchemaVersion = 1;

    /// <param name="result">The run.</param>
    /// <param name="includeWallClock">False leaves wall-clock figures out, so equal runs give equal bytes.</param>
    /// <param name="measured">What the real system measured (the scenario's <c>measured:</c> section), written beside the simulated figures; null: no such section.</param>
    public static string Write(ServingResult result, bool includeWallClock = true, Scenarios.MeasuredSpec? measured = null)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("schema_version", SchemaVersion);
            w.WriteString("scenario", result.Name);
            w.WriteNumber("seed", result.Seed);
            w.WriteNumber("simulated_seconds", SimTime.ToSeconds(result.SimulatedNs));
            w.WriteNumber("measured_seconds", result.MeasuredSeconds);
            w.WriteStartObject("classes");
            foreach (var c in result.Classes)
            {
                w.WritePropertyName(c.Name);
                WriteClass(w, result, c);
            }

            w.WriteEndObject();
            w.WritePropertyName("overall");
            WriteClass(w, result, result.Overall);

            w.WriteStartObject("utilization");
            var cluster = new MetricInput(result, result.Overall);
            foreach (var m in MetricRegistry.SummaryUtilization)
            {
                FiniteJson.Write(w, m.SummaryKey, m.Value(cluster));
            }

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
                w.WriteNumber("mean_running", r.MeanRunning);
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
            if (measured is { Figures.Count: > 0 })
            {
                WriteMeasured(w, result, measured);
            }

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

    /// <summary>The scenario's measured figures beside the run's (<see cref="Accuracy.AccuracyCheck.Compare"/>); a capacity is left to a search.</summary>
    private static void WriteMeasured(Utf8JsonWriter w, ServingResult result, Scenarios.MeasuredSpec measured)
    {
        w.WriteStartObject("measured");
        if (measured.Source is not null)
        {
            w.WriteString("source", measured.Source);
        }

        w.WriteString("role", measured.Role == Scenarios.MeasuredRole.Check ? "check" : "fit");
        w.WriteString("workload", measured.Workload);
        Accuracy.AccuracyReport.WriteFigures(w, Accuracy.AccuracyCheck.Compare(measured, result));
        w.WriteEndObject();
    }

    /// <summary>A class row (or overall): the registry's class metrics, in its order; no data is null, never zero.</summary>
    private static void WriteClass(Utf8JsonWriter w, ServingResult result, ClassMetrics c)
    {
        var input = new MetricInput(result, c);
        w.WriteStartObject();
        foreach (var m in MetricRegistry.SummaryClass)
        {
            if (!m.AppliesTo(c))
            {
                continue;
            }

            switch (m.Type)
            {
                case MetricType.Count:
                    w.WriteNumber(m.SummaryKey, (long)m.Value(input));
                    break;
                case MetricType.Number:
                    FiniteJson.Write(w, m.SummaryKey, m.Value(input));
                    break;
                case MetricType.Latency:
                    var histogram = m.Histogram!(c);
                    WriteLatency(w, m.SummaryKey, histogram.Count == 0 ? null : histogram.ToSummary());
                    break;
                case MetricType.Flag:
                    w.WriteBoolean(m.SummaryKey, m.Verdict!(input));
                    break;
                case MetricType.Targets:
                    w.WriteStartObject(m.SummaryKey);
                    foreach (var (key, read) in MetricRegistry.TargetFields)
                    {
                        FiniteJson.Write(w, key, read(c.Slo));
                    }

                    w.WriteNumber("percentile", c.Slo.Percentile);
                    w.WriteEndObject();
                    break;
                default:
                    throw new InvalidOperationException($"metric '{m.Name}': no way to write a {m.Type}");
            }
        }

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
                    WriteLatency(w, m.Key, m.Latency);
                    break;
                default:
                    w.WriteStartObject(m.Key);
                    WriteMetrics(w, m.Group);
                    w.WriteEndObject();
                    break;
            }
        }
    }

    /// <summary>A latency object; <paramref name="s"/> null (nothing measured) writes every statistic as null.</summary>
    private static void WriteLatency(Utf8JsonWriter w, string name, LatencySummary? s)
    {
        w.WriteStartObject(name);
        foreach (var stat in LatencyStat.All)
        {
            FiniteJson.Write(w, stat.Key, s is null ? null : stat.Read(s));
        }

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
            w.WriteStartObject("validation");
            ValidationJson.WriteFields(w, e);
            w.WriteEndObject();
            if (BusyTime.Of(result, e.Deployment) is { } busy)
            {
                w.WriteStartObject("busy_time");
                w.WriteNumber("replica_seconds", busy.ReplicaSeconds);
                w.WriteString("basis", BusyTime.Basis);
                w.WriteStartObject("shares");
                foreach (var (name, seconds) in busy.Parts)
                {
                    w.WriteNumber(name, busy.Share(seconds));
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

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

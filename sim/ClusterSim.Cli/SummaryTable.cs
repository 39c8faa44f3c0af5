using ClusterSim.Model.Serving;
using System.Globalization;
using ClusterSim.Analysis.Summaries;
using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving.Cluster;

namespace ClusterSim.Cli;

/// <summary>The terminal summary of a run: one row per class and overall, milliseconds for latencies.</summary>
internal static class SummaryTable
{
    public static void Print(TextWriter w, ServingResult result, IReadOnlyList<string> notes)
    {
        var measured = result.MeasuredSeconds;
        w.WriteLine($"scenario {result.Name}, seed {result.Seed}: {result.SimulatedNs / 1e9:F1} s simulated, {result.Events:N0} events in {result.WallSeconds:F2} s wall");
        foreach (var note in notes)
        {
            w.WriteLine("  note: " + note);
        }

        if (result.Classes.Count > 0)
        {
            w.WriteLine();
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{"class",-14} {"arrived",8} {"done",8} {"drop",5} {"TTFT p50",9} {"p99",8} {"TPOT p50",9} {"p99",7} {"TBT p99",8} {"E2E p99",9} {"SLO %",6} {"req/s",7} {"tok/s",9}"));
            foreach (var c in result.Classes.Append(result.Overall))
            {
                Row(w, c, measured);
            }
        }

        MultimodalRows(w, result);
        var accelerators = result.Replicas.Sum(r => r.Accelerators);
        var utilization = double.IsNaN(result.AcceleratorUtilization) ? 0 : result.AcceleratorUtilization;
        var text = result.TextReplicas.ToList();
        w.WriteLine();
        w.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"replicas {result.Replicas.Count}, accelerators {accelerators}, busy {utilization:P1}")
            + (text.Count == 0 ? "" : string.Create(CultureInfo.InvariantCulture,
                $", mean batch {text.Average(r => r.MeanBatchSize):F1}, KV occupancy {text.Average(r => r.MeanKvOccupancy):P1}, preemptions {text.Sum(r => r.Preemptions)}")));
        Facility(w, result);
    }

    /// <summary>Every other workload kind's classes (video, avatar, image, ...), each against its own target, as the kind describes its table.</summary>
    private static void MultimodalRows(TextWriter w, ServingResult result)
    {
        foreach (var kind in result.Kinds)
        {
            var table = kind.Table;
            if (table.Rows.Count == 0)
            {
                continue;
            }

            w.WriteLine();
            w.WriteLine(string.Concat(table.Title.PadRight(14), string.Concat(table.Columns.Select(c => " " + c.Header.PadLeft(c.Width)))));
            foreach (var (name, cells) in table.Rows)
            {
                w.WriteLine(string.Concat(Trim(name).PadRight(14), string.Concat(cells.Select((cell, i) => " " + cell.PadLeft(table.Columns[i].Width)))));
            }
        }
    }

    /// <summary>Energy, cost and autoscaling lines, when the run had a facility.</summary>
    private static void Facility(TextWriter w, ServingResult result)
    {
        if (result.Facility is { } f)
        {
            var e = f.Energy;
            var c = f.Cost;
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"energy: IT {e.ItKwh:F2} kWh, facility {e.FacilityKwh:F2} kWh, mean PUE {e.MeanPue:F3}, IT power mean {e.MeanItKw:F1} kW peak {e.PeakItKw:F1} kW{(e.SiteCapKw is { } cap ? $" (site cap {cap:F1} kW)" : "")}, throttled {e.ThrottledNodeHours * 3600:F0} node-s in {e.ThrottleIntervals} stretches, max {e.MaxAcceleratorTempC:F1} °C, mean busy clock {e.MeanBusyClock:P1}"));
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"cost: total {c.TotalUsd:F2} USD (energy {c.EnergyUsd:F2}, capital {c.CapexUsd:F2}, other {c.OpexUsd:F2}), {c.UsdPerHour:F2} USD/h, {(c.UsdPerMillionOutputTokens is { } m ? $"{m:F3} USD per million output tokens" : "no output tokens")}"));
        }

        foreach (var p in result.Autoscaling ?? [])
        {
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"autoscaling {p.Pool}: {p.ScaleUps} cold starts, {p.Reactivations} reactivations, {p.ScaleDowns} scale-downs, mean {p.MeanRunningReplicas:F2} replicas serving, {p.SleepingReplicaHours:F2} replica-hours asleep, {p.RequestsWaited} requests waited for a cold start"));
        }
    }

    private static void Row(TextWriter w, ClassMetrics c, double measured)
    {
        var ttft = c.Ttft.ToSummary();
        var tpot = c.Tpot.ToSummary();
        var slo = 100.0 * c.SloAttainment;
        w.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Trim(c.Name),-14} {c.Arrived,8} {c.Completed,8} {c.Dropped,5} {Ms(ttft.P50),9} {Ms(ttft.P99),8} {Ms(tpot.P50),9} {Ms(tpot.P99),7} {Ms(c.Tbt.ToSummary().P99),8} {Ms(c.E2e.ToSummary().P99),9} {slo,6:F1} {c.ThroughputRps(measured),7:F2} {c.OutputTokensPerSecond(measured),9:F0}"));
    }

    private static string Ms(double seconds) => (seconds * 1e3).ToString("F1", CultureInfo.InvariantCulture);

    private static string Trim(string name) => name.Length <= 14 ? name : name[..13] + "…";
}
